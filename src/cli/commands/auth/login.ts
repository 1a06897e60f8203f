import { hostname } from 'node:os'
import { type Command } from '../../command.js'
import type { CliContext } from '../../context.js'
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
      try {
        const created = await ctx.api.request<{ access_token: { token: string }; user: { email: string } }>('POST', '/oauth/authorizations', {
          body: { description: `berth CLI login from ${hostname()}` }, headers: { Authorization: `Basic ${basic}` },
        })
        token = created.body.access_token.token
        email = created.body.user?.email ?? email
      } catch (error) {
        if (!(error instanceof CliError && error.details.id === 'unauthorized')) throw error
        // Heroku compat: `heroku login -i` takes an API key as the password. An account without a
        // password (the admin after a default first start) has nothing else to type.
        ;({ email, token } = await loginWithKeyAsPassword(ctx, email, password))
      }
    }
    const machine = new URL(ctx.apiUrl).hostname
    await writeNetrc(ctx.env, setNetrcEntry(await readNetrc(ctx.env), machine, { login: email, password: token }))
    ctx.out(`Logged in as ${email}`)
  },
}
async function loginWithKeyAsPassword(ctx: CliContext, email: string, key: string): Promise<{ email: string; token: string }> {
  const account = await ctx.api.get<{ email: string }>('/account', { Authorization: `Bearer ${key}` }).catch(() => null)
  if (account?.email.toLowerCase() !== email.toLowerCase()) {
    throw new CliError('Invalid email or password. An account without a password (such as the admin after a first start) logs in with its API key: '
      + 'type the key as the password, or run `berth login --api-key KEY`. The admin\'s key is in ~/.berth/admin-api-key on the server.', { id: 'unauthorized' })
  }
  return { email: account.email, token: key }
}

export default command
