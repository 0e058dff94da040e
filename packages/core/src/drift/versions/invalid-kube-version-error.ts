/** Text that is not a Kubernetes version Caretaker can apply the skew rules to; `reason` says what is wrong with it. */
class InvalidKubeVersionError extends Error {
  override readonly name = "InvalidKubeVersionError";
  /** The text as given (or its JSON form when it was not a string). */
  readonly input: string;
  readonly reason: string;

  constructor(input: string, reason: string) {
    super(`Invalid Kubernetes version ${JSON.stringify(input)}: ${reason}`);
    this.input = input;
    this.reason = reason;
  }
}

export { InvalidKubeVersionError };
