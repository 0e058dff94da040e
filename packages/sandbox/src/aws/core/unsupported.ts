/** A request the sandbox cannot answer faithfully: a gap in the sandbox, never an AWS error. */
class SandboxUnsupportedOperationError extends Error {
  override readonly name = "SandboxUnsupportedOperationError";
}

export { SandboxUnsupportedOperationError };
