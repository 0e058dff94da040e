import "aws-sdk-client-mock-vitest/extend";

// No test may reach a real AWS account: fixed region and fake static credentials for every SDK client built from
// the default chains. Individual tests stub these further with vi.stubEnv.
process.env.AWS_REGION ??= "eu-west-1";
process.env.AWS_ACCESS_KEY_ID = "AKIDCARETAKERTEST";
process.env.AWS_SECRET_ACCESS_KEY = "caretaker-test-secret";
delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;
// Powertools: readable logs during tests, no EMF noise.
process.env.POWERTOOLS_DEV = "true";
process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
process.env.POWERTOOLS_METRICS_DISABLED = "true";
