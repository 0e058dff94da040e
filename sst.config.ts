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
    const { createCaretaker, parseCaretakerConfig } = await import("./infra");
    const alertEmails = (process.env.CARETAKER_ALERT_EMAILS ?? "").split(",").map((email) => email.trim()).filter(Boolean);
    return createCaretaker({ alertEmails, config: parseCaretakerConfig(process.env.CARETAKER_CONFIG) });
  },
});
