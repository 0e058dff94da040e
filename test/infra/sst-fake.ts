import { vi } from "vitest";

/**
 * Just enough of SST's and Pulumi's globals (`sst`, `aws`, `$transform`, `$interpolate`, …) to run infra's factories
 * in a test without deploying: every resource constructed is recorded with its arguments, and every output is an
 * inert stand-in. It is deliberately generic (any `aws.<service>.<Resource>` or `sst.aws.<Component>` works), so
 * new resources in infra need nothing here. Transforms registered with `$transform` are applied, as SST does.
 */

interface Declared {
  /** e.g. "sst.aws.Function", "aws.autoscaling.LifecycleHook". */
  type: string;
  name: string;
  args: Record<string, unknown>;
}

type Transform = (args: Record<string, unknown>, opts: unknown, name: string) => void;

/** A stand-in for any Pulumi Output or resource: every property and call gives another one; never a thenable. */
function output(label: string): unknown {
  const target = function () {} as unknown as object;
  return new Proxy(target, {
    get(_, property) {
      if (property === "then") return undefined;
      if (property === Symbol.toPrimitive || property === "toString" || property === "toJSON") return () => `<${label}>`;
      if (property === "apply") return () => output(`${label}.apply()`);
      return output(`${label}.${String(property)}`);
    },
    apply: () => output(`${label}()`),
  });
}

function installSstFake() {
  const declared: Declared[] = [];
  const transforms = new Map<unknown, Transform[]>();
  const classes = new Map<string, unknown>();

  function resourceClass(type: string): unknown {
    const existing = classes.get(type);
    if (existing) return existing;
    const resource: unknown = new Proxy(function () {}, {
      construct(_, [name, args = {}, opts]) {
        for (const transform of transforms.get(resource) ?? []) transform(args as Record<string, unknown>, opts, name as string);
        declared.push({ type, name: name as string, args: args as Record<string, unknown> });
        return output(`${type}:${String(name)}`) as object;
      },
      get: (_, property) => (property === "then" ? undefined : output(`${type}.${String(property)}`)),
    });
    classes.set(type, resource);
    return resource;
  }

  function namespace(path: string): unknown {
    return new Proxy(
      {},
      {
        get(_, property) {
          if (typeof property !== "string" || property === "then") return undefined;
          const child = `${path}.${property}`;
          if (/^[A-Z]/.test(property)) return resourceClass(child);
          if (/^get.*Output$/.test(property)) return () => output(`${child}()`);
          if (/^get/.test(property)) return async () => output(`${child}()`);
          return namespace(child);
        },
      },
    );
  }

  const helper = (name: string) => () => output(name);
  vi.stubGlobal("sst", namespace("sst"));
  vi.stubGlobal("aws", namespace("aws"));
  vi.stubGlobal("$app", { name: "caretaker", stage: "test" });
  vi.stubGlobal("$dev", false);
  vi.stubGlobal("$transform", (resource: unknown, transform: Transform) => transforms.set(resource, [...(transforms.get(resource) ?? []), transform]));
  vi.stubGlobal("$interpolate", (strings: TemplateStringsArray, ...values: unknown[]) => strings.reduce((text, part, index) => `${text}${part}${index < values.length ? String(values[index]) : ""}`, ""));
  for (const name of ["$resolve", "$output", "$jsonStringify", "$jsonParse", "$concat", "$asset"]) vi.stubGlobal(name, helper(name));
  vi.stubGlobal("$util", namespace("$util"));

  return {
    declared,
    /** The arguments of the one resource of this type and name; throws when there is none. */
    args(type: string, name: string): Record<string, unknown> {
      const found = declared.find((resource) => resource.type === type && resource.name === name);
      if (!found) throw new Error(`no ${type} named ${name} was declared (declared: ${declared.map((resource) => `${resource.type}:${resource.name}`).join(", ")})`);
      return found.args;
    },
    ofType(type: string): Declared[] {
      return declared.filter((resource) => resource.type === type);
    },
    restore: () => vi.unstubAllGlobals(),
  };
}

export { installSstFake };
export type { Declared };
