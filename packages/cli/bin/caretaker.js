#!/usr/bin/env node
// The caretaker command. Runs the TypeScript sources through tsx; needs Node >= 22.19 (the project brings Node 24:
// `npm start`, `npm exec caretaker` and npm scripts put node_modules/.bin/node first on PATH).
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  console.error(
    `caretaker needs Node.js >= 22.19 but runs on ${process.versions.node}. ` +
      "Run it through npm (`npm start`, `npm exec caretaker -- …`), which uses the project's Node 24.",
  );
  process.exit(2);
}
const { register } = await import("tsx/esm/api");
register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
