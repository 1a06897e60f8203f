import type { CliContext } from './context.js'
import { appPath } from './paths.js'
import type { ConfigVarsJson, ReleaseJson } from './wire.js'

/** PATCHes config vars as one release and reports its version, as `heroku config:set` does. */
export async function changeConfig(ctx: CliContext, app: string, patch: Record<string, string | null>, verb: 'Setting' | 'Unsetting'): Promise<ConfigVarsJson> {
  return ctx.action(`${verb} ${Object.keys(patch).join(', ')} and restarting ⬢ ${app}`, async () => {
    const vars = await ctx.api.patch<ConfigVarsJson>(appPath(app, '/config-vars'), patch)
    const [latest] = await ctx.api.get<ReleaseJson[]>(appPath(app, '/releases'), { Range: 'version ..; max=1, order=desc' })
    return { vars, latest }
  }, ({ latest }) => `done, v${latest?.version}`).then(({ vars }) => vars)
}
