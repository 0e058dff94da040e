/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    const production = input?.stage === "production" || input?.stage === "prod";
    return {
      name: "caretaker",
      home: "aws",
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },
  async run() {
    // CARETAKER_CONFIG is parsed, checked and its discovery resolved before any resource is declared.
    const { deployCaretaker } = await import("./infra");
    return deployCaretaker(process.env);
  },
});
