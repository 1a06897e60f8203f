import { CliError } from './cli-error.js'
import type { CliContext } from './context.js'
import type { AddonJson } from './wire.js'

/** An add-on argument (name, id or attachment name on the app) as the API resolves it. */
export async function resolveAddon(ctx: CliContext, ref: string, app: string | undefined): Promise<AddonJson> {
  const found = await ctx.api.post<AddonJson[]>('/actions/addons/resolve', { addon: ref, ...(app ? { app } : {}) })
  if (found.length > 1) throw new CliError(`${ref} matches more than one add-on: ${found.map((a) => a.name).join(', ')}.`)
  return found[0]!
}
