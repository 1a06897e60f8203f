import type { CliContext } from '../../context.js'

/** As many as `heroku webhooks:deliveries` shows, and the most the API gives in one page. */
export const RECENT_MAX = 1000

/**
 * The newest RECENT_MAX deliveries or events, oldest first. Heroku compat: asked newest first in
 * one page, then reversed, as the heroku CLI does, so a long history shows its latest end.
 */
export async function listRecent<T>(ctx: CliContext, path: string): Promise<T[]> {
  return (await ctx.api.get<T[]>(path, { Range: `created_at ..; max=${RECENT_MAX}, order=desc` })).reverse()
}
