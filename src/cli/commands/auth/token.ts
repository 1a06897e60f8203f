import type { Command } from '../../command.js'

const command: Command = {
  summary: 'print the API token in use (for scripts: BERTH_API_KEY)',
  async run(ctx) {
    ctx.out(ctx.token())
  },
}
export default command
