/**
 * Runs an Amazon States Language workflow (JSONPath query language) on an input, for the subset Caretaker's alarm
 * fallback uses, so tests can read the messages it would publish instead of comparing its text:
 * - Pass states with `Result` + `ResultPath` (`$.key`) or `Parameters`; Parallel states; Task states whose resource
 *   is SNS's optimized `sns:publish` integration (recorded, answered with a MessageId); `Next` / `End`;
 * - in `Parameters`, keys ending in `.$` take a path (`$`, `$.a.b`) or an intrinsic function: `States.Format` (each
 *   `{}` replaced by the next argument; `\'`, `\{`, `\}`, `\\` escapes in the template) and `States.JsonToString`;
 *   a path that does not exist fails the run (States.Runtime), as it does in Step Functions.
 * Anything else throws, so a workflow that starts using it fails its tests until this runner learns it.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type StateDefinition = Record<string, unknown>;
interface Workflow {
  StartAt: string;
  States: Record<string, StateDefinition>;
}

function readPath(path: string, input: Json): Json {
  if (path === "$") return input;
  if (!/^\$(\.[A-Za-z0-9_-]+)+$/.test(path)) throw new Error(`unsupported path ${path}`);
  let value: Json = input;
  for (const key of path.slice(2).split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value) || !(key in value)) throw new Error(`States.Runtime: ${path} is not in the input`);
    value = value[key] as Json;
  }
  return value;
}

/** Splits `'a, b', $.c` into its arguments, keeping quoted literals (unescaped) apart from paths. */
function parseArguments(text: string): Array<{ literal: string } | { path: string }> {
  const args: Array<{ literal: string } | { path: string }> = [];
  let index = 0;
  while (index < text.length) {
    while (text[index] === " ") index += 1;
    if (text[index] === "'") {
      let literal = "";
      index += 1;
      while (text[index] !== "'") {
        if (index >= text.length) throw new Error(`unterminated literal in ${text}`);
        if (text[index] === "\\") {
          literal += `\\${text[index + 1]}`;
          index += 2;
        } else if (text.startsWith("{}", index)) {
          literal += "{}";
          index += 2;
        } else {
          if ("{}".includes(text[index] as string)) throw new Error(`unescaped ${text[index]} in ${text}`);
          literal += text[index];
          index += 1;
        }
      }
      args.push({ literal });
      index += 1;
    } else {
      const end = text.indexOf(",", index);
      args.push({ path: text.slice(index, end === -1 ? undefined : end).trim() });
      index = end === -1 ? text.length : end;
    }
    while (text[index] === " ") index += 1;
    if (index < text.length && text[index] !== ",") throw new Error(`expected , at ${index} in ${text}`);
    index += 1;
  }
  return args;
}

function intrinsic(expression: string, input: Json): Json {
  const match = /^(States\.[A-Za-z]+)\((.*)\)$/s.exec(expression);
  if (!match) throw new Error(`unsupported intrinsic ${expression}`);
  const [, name, argumentText = ""] = match;
  const args = parseArguments(argumentText).map((arg) => ("literal" in arg ? arg.literal : readPath(arg.path, input)));
  if (name === "States.JsonToString") return JSON.stringify(args[0]);
  if (name === "States.Format") {
    const [template, ...values] = args;
    if (typeof template !== "string") throw new Error("States.Format needs a template");
    let next = 0;
    const out = template.replace(/\\(.)|\{\}/g, (whole, escaped: string | undefined) => {
      if (escaped !== undefined) return escaped;
      const value = values[next++];
      if (value === undefined || (typeof value === "object" && value !== null)) throw new Error(`States.Format: argument ${next} is ${JSON.stringify(value)}`);
      return String(value);
    });
    if (next !== values.length) throw new Error(`States.Format: ${values.length} arguments for ${next} placeholders`);
    return out;
  }
  throw new Error(`unsupported intrinsic ${name}`);
}

function evaluate(template: unknown, input: Json): Json {
  if (Array.isArray(template)) return template.map((item) => evaluate(item, input));
  if (typeof template !== "object" || template === null) return template as Json;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(".$")) {
      if (typeof value !== "string") throw new Error(`${key} must be a string`);
      out[key.slice(0, -2)] = value.startsWith("States.") ? intrinsic(value, input) : readPath(value, input);
    } else {
      out[key] = evaluate(value, input);
    }
  }
  return out;
}

/** Runs the workflow; returns what each sns:publish task was asked to publish, in order of execution. */
function runWorkflow(workflow: Workflow, input: Json): Array<Record<string, Json>> {
  const published: Array<Record<string, Json>> = [];
  const run = (machine: Workflow, data: Json): Json => {
    let name: string | undefined = machine.StartAt;
    let current = data;
    while (name) {
      const state: StateDefinition | undefined = machine.States[name];
      if (!state) throw new Error(`no state ${name}`);
      switch (state.Type) {
        case "Pass":
          if ("Parameters" in state) current = evaluate(state.Parameters, current);
          else if ("Result" in state) {
            const path = state.ResultPath as string;
            if (!/^\$\.[A-Za-z0-9_-]+$/.test(path) || typeof current !== "object" || current === null || Array.isArray(current)) throw new Error(`unsupported ResultPath ${path}`);
            current = { ...current, [path.slice(2)]: state.Result as Json };
          }
          break;
        case "Task":
          if (!/^arn:aws[a-z-]*:states:::sns:publish$/.test(state.Resource as string)) throw new Error(`unsupported resource ${String(state.Resource)}`);
          published.push(evaluate(state.Parameters, current) as Record<string, Json>);
          current = { MessageId: `m-${published.length}` };
          break;
        case "Parallel":
          current = (state.Branches as Workflow[]).map((branch) => run(branch, current));
          break;
        default:
          throw new Error(`unsupported state type ${String(state.Type)}`);
      }
      name = state.End ? undefined : (state.Next as string);
    }
    return current;
  };
  run(workflow, input);
  return published;
}

export { runWorkflow };
export type { Json, Workflow };
