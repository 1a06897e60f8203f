import type { SpawnSpec } from './plan-sandbox.js'

// Linux refuses a single argument or environment string over 128 KiB (MAX_ARG_STRLEN), and all of
// them together over a few MiB; Node refuses a NUL anywhere. Checking first turns both into a clear
// refusal instead of an error thrown from deep inside spawn.
export const MAX_SPAWN_STRING_BYTES = 128 * 1024
export const MAX_SPAWN_TOTAL_BYTES = 1024 * 1024

/** A process Berth will not start: a string it would be given cannot reach it intact. */
export class SpawnRefusedError extends Error {}

/** The last check before a spawn: no NUL and no oversized string in the file, argv, env or cwd. */
export function checkSpawnSpec(spec: SpawnSpec): void {
  let total = 0
  const check = (what: string, value: string) => {
    if (value.includes('\0')) throw new SpawnRefusedError(`${what} contains a NUL character`)
    const bytes = Buffer.byteLength(value)
    if (bytes > MAX_SPAWN_STRING_BYTES) throw new SpawnRefusedError(`${what} is longer than ${MAX_SPAWN_STRING_BYTES} bytes`)
    total += bytes + 1
  }
  check('the program', spec.file)
  check('the working directory', spec.cwd)
  spec.args.forEach((arg, index) => check(`argument ${index + 1}`, arg))
  for (const [name, value] of Object.entries(spec.env)) {
    if (name === '' || name.includes('=')) throw new SpawnRefusedError(`the environment variable name ${JSON.stringify(name.slice(0, 40))} is not valid`)
    check(`the environment variable name ${JSON.stringify(name.slice(0, 40).replaceAll('\0', ''))}`, name)
    check(`the value of ${name}`, value)
  }
  if (total > MAX_SPAWN_TOTAL_BYTES) throw new SpawnRefusedError(`the command and its environment total more than ${MAX_SPAWN_TOTAL_BYTES} bytes`)
}
