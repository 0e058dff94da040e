import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { DescribePullThroughCacheRulesCommand, DescribeRepositoriesCommand, ECRClient } from "@aws-sdk/client-ecr";
import { gcConfig } from "@caretaker/core/image-gc/run";
import { selectRepositories } from "@caretaker/core/image-gc/inventory";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { imageGcStatements, type ImageGcStatement } from "../../infra/image-gc-iam";
import { planImageGc } from "../../infra/image-gc-plan";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** IAM service prefix of each AWS SDK v3 client package; a client missing here fails the test until it is added. */
const IAM_PREFIX: Record<string, string> = { dynamodb: "dynamodb", ecr: "ecr", eks: "eks", sns: "sns" };

/** Where an import specifier points, as a file under the repository (undefined for packages outside it). */
function resolveImport(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith(".")) base = join(dirname(from), specifier);
  else if (specifier === "@caretaker/core/clock") base = join(ROOT, "packages/core/src/clock");
  else if (specifier.startsWith("@caretaker/core/")) base = join(ROOT, "packages/core/src", specifier.slice("@caretaker/core/".length), "index");
  else return undefined;
  const file = [`${base}.ts`, join(base, "index.ts")].find((candidate) => existsSync(candidate));
  if (!file) throw new Error(`${relative(ROOT, from)} imports ${specifier}, which resolves to no file`);
  return file;
}

/**
 * Every source file the GC function's bundle can reach from its handler: relative and @caretaker/core imports,
 * followed transitively (type-only imports carry no code and are skipped).
 */
function reachableFiles(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [join(ROOT, entry)];
  const statement = /\b(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?["']([^"']+)["']/g;
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, typeOnly, specifier = ""] of readFileSync(file, "utf8").matchAll(statement)) {
      if (typeOnly) continue;
      const target = resolveImport(file, specifier);
      if (target) queue.push(target);
    }
  }
  return [...seen].map((file) => relative(ROOT, file)).sort();
}

/** `import { XCommand, paginateY } from "@aws-sdk/client-z"` → `z:X`, `z:Y`, for every value import in `files`. */
function actionsTheCodeCalls(files: readonly string[]): Map<string, string> {
  const actions = new Map<string, string>();
  const importStatement = /import\s+(type\s+)?\{([^}]*)\}\s+from\s+"@aws-sdk\/client-([a-z0-9-]+)"/g;
  for (const file of files) {
    for (const [, typeOnly, names = "", client = ""] of readFileSync(join(ROOT, file), "utf8").matchAll(importStatement)) {
      if (typeOnly) continue;
      for (const raw of names.split(",")) {
        const name = raw.trim();
        const operation = /^([A-Z]\w*)Command$/.exec(name)?.[1] ?? /^paginate([A-Z]\w*)$/.exec(name)?.[1];
        if (name.startsWith("type ") || !operation) continue;
        const prefix = IAM_PREFIX[client];
        if (!prefix) throw new Error(`${file} uses @aws-sdk/client-${client}: add its IAM prefix to IAM_PREFIX`);
        actions.set(`${prefix}:${operation}`, file);
      }
    }
  }
  return actions;
}

const ARNS = {
  topic: "arn:aws:sns:eu-west-1:123456789012:Alerts",
  table: "arn:aws:dynamodb:eu-west-1:123456789012:table/State",
  inAccount: (service: string, resource: string) => `arn:aws:${service}:eu-west-1:123456789012:${resource}`,
};
const repositoryArn = (name: string) => `arn:aws:ecr:eu-west-1:123456789012:repository/${name}`;

const statementsFor = (gc: Parameters<typeof planImageGc>[0]) => imageGcStatements(ARNS, planImageGc(gc));
const allowed = (statements: readonly ImageGcStatement<string>[]) => statements.filter((statement) => statement.effect !== "deny");
const actionsOf = (statements: readonly ImageGcStatement<string>[]) => allowed(statements).flatMap((statement) => statement.actions);
const resourcesOf = (statements: readonly ImageGcStatement<string>[], action: string, effect?: "deny") => statements.filter((statement) => statement.effect === effect && statement.actions.includes(action)).flatMap((statement) => statement.resources);

/** IAM's resource matching: `*` any run of characters (`/` included), `?` any one character, case-sensitive. */
function iamMatches(pattern: string, arn: string): boolean {
  return new RegExp(`^${pattern.split("").map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\/-]/g, "\\$&"))).join("")}$`).test(arn);
}

/** Whether a policy of these statements lets BatchDeleteImage act on `repository` (an explicit deny wins). */
function mayDelete(statements: readonly ImageGcStatement<string>[], repository: string): boolean {
  const arn = repositoryArn(repository);
  const allow = resourcesOf(statements, "ecr:BatchDeleteImage").some((pattern) => pattern === "*" || iamMatches(pattern, arn));
  const deny = resourcesOf(statements, "ecr:BatchDeleteImage", "deny").some((pattern) => iamMatches(pattern, arn));
  return allow && !deny;
}

describe("image GC IAM: agreement with the code", () => {
  const files = reachableFiles("functions/image-gc.ts");
  const called = actionsTheCodeCalls(files);
  /** Deletion enabled, every repository: the widest grant this module makes. */
  const statements = statementsFor({ gc: { enabled: true, rules: { keepNewest: 5 } } });

  it("follows the handler into core (a broken scan must not pass vacuously)", () => {
    expect(files).toEqual(expect.arrayContaining(["functions/lib/gc-deps.ts", "packages/core/src/image-gc/run/run-gc.ts", "packages/core/src/image-gc/execute/delete-batch.ts", "packages/core/src/eks/connect.ts"]));
    expect(files.filter((file) => file.startsWith("packages/core/src/drain/"))).toEqual([]);
    expect([...called.keys()]).toEqual(expect.arrayContaining(["ecr:BatchDeleteImage", "ecr:DescribeImages", "eks:ListClusters", "sns:Publish"]));
  });

  it("grants every AWS call the GC code makes", () => {
    const granted = new Set(actionsOf(statements));
    expect([...called].filter(([action]) => !granted.has(action)).map(([action, file]) => `${action} (${file})`)).toEqual([]);
  });

  it("grants nothing the GC code does not call", () => {
    expect(actionsOf(statements).filter((action) => !called.has(action))).toEqual([]);
  });

  it("grants exactly the calls the brief lists", () => {
    expect(actionsOf(statements).sort()).toEqual(
      ["dynamodb:GetItem", "dynamodb:PutItem", "ecr:BatchDeleteImage", "ecr:BatchGetImage", "ecr:DescribeImages", "ecr:DescribePullThroughCacheRules", "ecr:DescribeRepositories", "eks:DescribeCluster", "eks:ListClusters", "sns:Publish"].sort(),
    );
  });
});

describe("image GC IAM: scope", () => {
  it("never puts the write action on the * resource, nor on another account's repositories", () => {
    for (const gc of [{ enabled: true, rules: { keepNewest: 1 } }, { enabled: true, rules: { keepNewest: 1 }, repositories: { include: ["*"] } }]) {
      const resources = resourcesOf(statementsFor({ gc }), "ecr:BatchDeleteImage");
      expect(resources).not.toContain("*");
      expect(resources.every((resource) => resource.startsWith(repositoryArn("")))).toBe(true);
    }
  });

  it("cannot delete at all while deletion is off, or when nothing is included", () => {
    for (const gc of [{}, { rules: { keepNewest: 1 } }, { enabled: true, rules: { keepNewest: 1 }, repositories: { include: [] } }]) {
      const statements = statementsFor({ gc });
      expect(actionsOf(statements)).not.toContain("ecr:BatchDeleteImage");
      expect(statements.map((statement) => statement.sid)).not.toContain("NeverDeleteExcluded");
    }
  });

  it("deletes in every repository of the account when none is included by name", () => {
    expect(resourcesOf(statementsFor({ gc: { enabled: true, rules: { keepNewest: 1 } } }), "ecr:BatchDeleteImage")).toEqual([repositoryArn("*")]);
  });

  it("scopes deletion to the included repositories, as ARNs or ARN patterns", () => {
    const statements = statementsFor({ gc: { enabled: true, rules: { keepNewest: 1 }, repositories: { include: ["shop/web", "payments/*"], exclude: ["payments/ledger"] } } });
    expect(resourcesOf(statements, "ecr:BatchDeleteImage")).toEqual([repositoryArn("shop/web"), repositoryArn("payments/*")]);
    expect(resourcesOf(statements, "ecr:BatchDeleteImage", "deny")).toEqual([repositoryArn("payments/ledger")]);
  });

  it("describes only the configured clusters, or every cluster of the account when it lists them", () => {
    expect(resourcesOf(statementsFor({ gc: { clusters: ["prod", "staging"] } }), "eks:DescribeCluster")).toEqual(["arn:aws:eks:eu-west-1:123456789012:cluster/prod", "arn:aws:eks:eu-west-1:123456789012:cluster/staging"]);
    expect(resourcesOf(statementsFor({ clusters: ["prod"], gc: {} }), "eks:DescribeCluster")).toEqual(["arn:aws:eks:eu-west-1:123456789012:cluster/*"]);
  });

  it("publishes only to the alerts topic", () => {
    expect(resourcesOf(statementsFor({}), "sns:Publish")).toEqual([ARNS.topic]);
  });
});

describe("image GC IAM: the delete grant matches core's repository selection exactly", () => {
  const ecr = mockClient(ECRClient);
  afterEach(() => ecr.reset());

  const NAMES = ["shop/web", "shop/api", "shop", "shopping/cart", "payments/ledger", "payments/ledger-archive", "payments/eu/ledger", "base/node", "base/node.js", "a-b_c.d/e", "team/shop/web"];
  const SELECTIONS: Array<{ include?: string[]; exclude?: string[] }> = [
    {},
    { include: ["shop/web"] },
    { include: ["shop/*"] },
    { include: ["shop*"] },
    { include: ["*/web"] },
    { include: ["payments/*"], exclude: ["payments/ledger"] },
    { include: ["*ledger*"], exclude: ["*archive"] },
    { include: ["base/node.js", "a-b_c.d/*"] },
    { exclude: ["shop/*", "team/*"] },
    { include: ["*"], exclude: ["*"] },
  ];

  it.each(SELECTIONS)("for %j", async (selection) => {
    // Prepare: core sees these repositories and no pull-through cache.
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: NAMES.map((repositoryName) => ({ repositoryName, registryId: "123456789012" })) });
    ecr.on(DescribePullThroughCacheRulesCommand).resolves({ pullThroughCacheRules: [] });
    const gc = { enabled: true, rules: { keepNewest: 1 }, repositories: selection };
    expect(() => gcConfig(gc)).not.toThrow();
    // Act
    const managed = (await selectRepositories(new ECRClient({ region: "eu-west-1" }), selection)).managed;
    const statements = statementsFor({ gc });
    // Assess: IAM lets the function delete in exactly the repositories core may delete from.
    expect(NAMES.filter((name) => mayDelete(statements, name)).sort()).toEqual([...managed].sort());
  });
});
