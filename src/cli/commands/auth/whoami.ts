import type { Command } from '../../command.js'

const command: Command = {
  summary: 'show the email of the account you are logged in as',
  async run(ctx) {
    ctx.out((await ctx.api.get<{ email: string }>('/account')).email)
  },
}
export default command
