/// <reference path="./.sst/platform/config.d.ts" />
export default $config({
  app(input) {
    return { name: "caretaker", home: "aws", removal: input?.stage === "production" ? "retain" : "remove", protect: input?.stage === "production" };
  },
  async run() {
    return {};
  },
});
