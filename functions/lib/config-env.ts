/**
 * A capability's configuration from the JSON environment variable infra sets, through core's validating parser.
 * Absent or blank, the parser's defaults apply; bad JSON or bad values throw one error that names the variable and
 * every problem (with `consequence`, e.g. "Nothing was deleted."), before the function calls anything.
 */
function readConfigFromEnv<Input, Config>(variable: string, parse: (input?: Input) => Config, consequence = ""): Config {
  const text = process.env[variable];
  if (text === undefined || text.trim() === "") return parse();
  const suffix = consequence ? ` ${consequence}` : "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${variable} is not valid JSON: ${(error as Error).message}.${suffix}`);
  }
  try {
    return parse(parsed as Input);
  } catch (error) {
    throw new Error(`${variable}: ${(error as Error).message}`, { cause: error });
  }
}

export { readConfigFromEnv };
