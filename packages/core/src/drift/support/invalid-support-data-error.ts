/** `DescribeClusterVersions` data that the support-window arithmetic cannot use; `problems` lists every bad field. */
class InvalidSupportDataError extends Error {
  override readonly name = "InvalidSupportDataError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Cannot compute the support window from this cluster version information: ${problems.join("; ")}`);
    this.problems = problems;
  }
}

export { InvalidSupportDataError };
