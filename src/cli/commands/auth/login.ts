import { hostname } from 'node:os'
import { type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { stringFlag } from '../../parsed-input.js'
import { readNetrc, setNetrcEntry, writeNetrc } from '../../netrc.js'

/** Logs in with email and password (or an API key) and keeps the token in ~/.netrc, so git pushes authenticate too. */
const command: Command = {
  summary: 'log in with your email and password, or an API key',
  flags: { 'api-key': { type: 'string', description: 'store this API key instead of asking for a password' } },
  async run(ctx, input) {
    let email: string
    let token = stringFlag(input, 'api-key')
    if (token) {
      ;({ email } = await ctx.api.get<{ email: string }>('/account', { Authorization: `Bearer ${token}` }))
    } else {
      email = await ctx.prompt('Email: ')
      const password = await ctx.prompt('Password: ', { hidden: true })
      if (!email || !password) throw new CliError('Email and password are required.')
      const basic = Buffer.from(`${email}:${password}`).toString('base64')
      const created = await ctx.api.request<{ access_token: { token: string }; user: { email: string } }>('POST', '/oauth/authorizations', {
        body: { description: `berth CLI login from ${hostname()}` }, headers: { Authorization: `Basic ${basic}` },
      })
      token = created.body.access_token.token
      email = created.body.user?.email ?? email
    }
    const machine = new URL(ctx.apiUrl).hostname
    await writeNetrc(ctx.env, setNetrcEntry(await readNetrc(ctx.env), machine, { login: email, password: token }))
    ctx.out(`Logged in as ${email}`)
  },
}
export default command
