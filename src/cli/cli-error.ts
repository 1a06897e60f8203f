/** A failure to report to the user: the message as is, then exit non-zero. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly details: { id?: string; exitCode?: number } = {},
  ) {
    super(message)
  }
}
