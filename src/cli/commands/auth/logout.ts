import type { Command } from '../../command.js'
import { readNetrc, setNetrcEntry, writeNetrc } from '../../netrc.js'

const command: Command = {
  summary: 'revoke the stored token and forget it',
  async run(ctx) {
    await ctx.action('Logging out', async () => {
      // The token may already be revoked or expired; forgetting it locally is what matters.
      await ctx.api.delete('/oauth/authorizations/~').catch(() => {})
      await writeNetrc(ctx.env, setNetrcEntry(await readNetrc(ctx.env), new URL(ctx.apiUrl).hostname, null))
    })
  },
}
export default command
