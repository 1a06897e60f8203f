/**
 * One language's case in `npm run bench:deploy`: a fixture app, how to make a code-only change and
 * a lock-file change to it, and the floor a lock-file change is measured against (the package
 * manager's own warm install of the same lock file, run in a copy of the app, on this machine).
 */
export interface LanguageBench {
  /** `python-pip`, `go`, `java-maven`, `static`, `node-engines`, … */
  name: string
  /** A directory under test/fixtures/apps/. */
  fixture: string
  /** Makes the `n`th code-only change in the app's work tree (files only; the runner commits). */
  codeChange(dir: string, n: number): void
  /** Makes the `n`th lock-file change, so the build reinstalls (files only; the runner commits). */
  lockChange(dir: string, n: number): void
  /**
   * The floor for a lock-file change: commands (argv, run in order with `cwd` = a fresh copy of the
   * app after `lockChange`) doing the package manager's own warm install of the same lock file.
   */
  floor(dir: string): string[][]
}
