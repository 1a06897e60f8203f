import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { berthCli, type CliRun } from '../support/berth-cli.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { waitFor } from '../support/wait-for.js'
import { webhookReceiver } from '../support/webhook-receiver.js'

const KEY = 'berth_e2e_berth_cli_webhooks_key_01234'
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/
const AUTHORIZATION = 'Bearer receiver-token-5f1c9e'

/** `berth webhooks:*` against a real server delivering to a real HTTPS receiver on loopback. */
describe('berth CLI: webhooks, webhooks:add/info/update/remove, deliveries and events', () => {
  let berth: BerthProcess
  let cli: ReturnType<typeof berthCli>
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>
  // Every output the CLI gave, to check the Authorization value never comes back.
  const outputs: CliRun[] = []
  const run = async (...args: string[]) => {
    const result = await cli.run([...args, '-a', 'hooks'])
    outputs.push(result)
    return result
  }
  const berthOk = async (...args: string[]) => {
    const result = await run(...args)
    assert.equal(result.code, 0, `berth ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`)
    return result
  }
  const refused = async (...args: string[]) => {
    const result = await run(...args)
    assert.notEqual(result.code, 0, `berth ${args.join(' ')} succeeded:\n${result.stdout}`)
    return result.stderr
  }

  before(async () => {
    receiver = await webhookReceiver()
    await receiver.listen()
    // The receiver is on loopback, which Berth refuses unless an operator allows it.
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_OUTBOUND_ALLOW: '127.0.0.1/32', BERTH_WEBHOOK_CA_FILE: receiver.caFile })
    cli = berthCli(berth.apiUrl, { BERTH_API_KEY: KEY })
    await cli.ok(['apps:create', 'hooks', '--no-remote'])
  })
  after(async () => {
    await berth?.stop()
    await receiver?.stop()
  })

  it('adds, lists, shows, updates and removes a webhook, and shows the deliveries of a config change', async () => {
    assert.match((await berthOk('webhooks')).stdout, /hooks has no webhooks\.\nUse berth webhooks:add to add one\./)
    const added = await berthOk('webhooks:add', '-u', receiver.url, '-i', 'api:release,api:formation', '-l', 'notify', '-t', AUTHORIZATION)
    const id = UUID.exec(added.stderr)?.[0]
    assert.match(added.stderr, new RegExp(`Adding webhook to ⬢ hooks\\.\\.\\. done, ${id}`))
    const secret = /=== Webhooks Signing Secret\n(\S+)\n/.exec(added.stdout)?.[1]
    assert.ok(secret?.startsWith('berth_'), added.stdout)

    const escapedUrl = receiver.url.replace(/[/.]/g, '\\$&')
    assert.match((await berthOk('webhooks')).stdout, new RegExp(`Webhook ID +URL +Include +Level\\n[─ ]+\\n${id}  ${escapedUrl}  api:release,api:formation  notify\\n`))
    const listed = JSON.parse((await berthOk('webhooks', '--json')).stdout) as { id: string; level: string }[]
    assert.deepEqual(listed.map((w) => [w.id, w.level]), [[id, 'notify']])
    const info = (await berthOk('webhooks:info', id!)).stdout
    assert.match(info, new RegExp(`=== ${id}\\nInclude: +api:release,api:formation\\nLevel: +notify\\nURL: +${escapedUrl}\\nWebhook ID: +${id}\\n`))

    await cli.ok(['config:set', 'A=1', '-a', 'hooks'])
    await waitFor(() => receiver.received.some((h) => h.body.resource === 'release' && h.body.action === 'update'), { timeoutMs: 30_000, what: 'the release delivered' })
    assert.equal(receiver.received[0]!.headers.authorization, AUTHORIZATION)
    const deliveries = await waitFor(async () => {
      const out = (await berthOk('webhooks:deliveries')).stdout
      return (out.match(/succeeded/g) ?? []).length >= 2 ? out : null
    }, { timeoutMs: 30_000, intervalMs: 250, what: 'webhooks:deliveries to show both succeeded' })
    assert.match(deliveries, /^Delivery ID +Created +Status +Include +Level +Attempts +Code +Error +Next Attempt$/m)
    assert.match(deliveries, /\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \+0000 +succeeded +api:release +notify +1 +200$/m)
    const deliveryId = UUID.exec(deliveries.split('\n')[2]!)![0]
    const deliveryInfo = (await berthOk('webhooks:deliveries:info', deliveryId)).stdout
    assert.match(deliveryInfo, new RegExp(`=== ${deliveryId}\\n[\\s\\S]*Webhook: +${id}\\nStatus: +succeeded\\n[\\s\\S]*Code: +200\\n`))
    assert.match(deliveryInfo, /=== Event Payload\n\{\n[\s\S]*"resource": "release"/)
    assert.match((await berthOk('webhooks:deliveries', '-s', 'failed')).stdout, /hooks has no failed deliveries\./)
    assert.match(await refused('webhooks:deliveries', '--status', 'lost'), /status must be one of pending, scheduled, retrying, failed, succeeded/)

    const events = (await berthOk('webhooks:events')).stdout
    assert.match(events, /^Event ID +Resource +Action +Published At$/m)
    assert.match(events, /release +create +\d{4}\//)
    const eventId = UUID.exec(events.split('\n')[2]!)![0]
    assert.match((await berthOk('webhooks:events:info', eventId)).stdout, new RegExp(`=== ${eventId}\\n\\{\\n[\\s\\S]*"resource": "release"`))

    assert.match((await berthOk('webhooks:update', id!, '-l', 'sync', '-i', 'api:build,dyno')).stderr, new RegExp(`Updating webhook ${id} for ⬢ hooks\\.\\.\\. done`))
    assert.match((await berthOk('webhooks:info', id!)).stdout, /Include: +api:build,dyno\nLevel: +sync\n/)
    assert.match(await refused('webhooks:update', id!), /Nothing to change: pass --url, --include, --level, --secret, --authorization or --no-authorization\./)
    assert.match(await refused('webhooks:update', id!, '-t', 'Bearer x', '--no-authorization'), /Pass either --authorization or --no-authorization\./)
    // With no Authorization left, the next delivery carries none.
    await berthOk('webhooks:update', id!, '--no-authorization', '-i', 'api:release')
    const before = receiver.received.length
    await cli.ok(['config:set', 'B=2', '-a', 'hooks'])
    const next = await waitFor(() => receiver.received.slice(before).find((h) => h.body.resource === 'release'), { timeoutMs: 30_000, what: 'the next release delivered' })
    assert.equal(next.headers.authorization, undefined)

    assert.match((await berthOk('webhooks:remove', id!)).stderr, new RegExp(`Removing webhook ${id} from ⬢ hooks\\.\\.\\. done`))
    assert.match((await berthOk('webhooks')).stdout, /hooks has no webhooks\./)
    const gone = await refused('webhooks:info', id!)
    assert.match(gone, /Couldn't find that webhook/)
    assert.match(gone, /Error ID: not_found/)

    for (const output of outputs) assert.doesNotMatch(output.stdout + output.stderr, /receiver-token/)
  })

  it('refuses a bad URL, an unknown entity, an internal address and missing flags with a clear message', async () => {
    const add = (...flags: string[]) => refused('webhooks:add', ...flags)
    assert.match(await add('-u', 'not a url', '-i', 'api:release', '-l', 'notify'), /▸ +url must be a URL such as https:\/\/hooks\.example\.com\/berth\.\n ▸ +Error ID: invalid_params/)
    assert.match(await add('-u', 'ftp://hooks.example.com/x', '-i', 'api:release', '-l', 'notify'), /Unsupported webhook URL "ftp:\/\/hooks\.example\.com\/x": use https:\/\//)
    assert.match(await add('-u', receiver.url, '-i', 'api:release,api:nope', '-l', 'notify'), /Unknown webhook entity "api:nope"\. Entities: api:app, api:build, api:release/)
    assert.match(await add('-u', receiver.url, '-i', 'api:release', '-l', 'sometimes'), /level must be notify or sync\./)
    assert.match(await add('-u', 'https://169.254.169.254/x', '-i', 'api:release', '-l', 'notify'), /Webhooks cannot point at internal addresses: 169\.254\.169\.254 is a link-local address/)
    assert.match(await add('-u', receiver.url, '-i', 'api:release'), /Missing required flag --level\. See berth help webhooks:add\./)
    assert.match((await berthOk('webhooks')).stdout, /hooks has no webhooks\./)
  })

  it('lists the webhook commands in berth help, with the heroku CLI\'s flags', async () => {
    const help = (await cli.ok(['help'])).stdout
    for (const id of ['webhooks', 'webhooks:add', 'webhooks:info', 'webhooks:update', 'webhooks:remove', 'webhooks:deliveries', 'webhooks:deliveries:info', 'webhooks:events', 'webhooks:events:info']) {
      assert.match(help, new RegExp(`^ {2}${id} +\\S`, 'm'))
    }
    const usage = (await cli.ok(['help', 'webhooks:add'])).stdout
    for (const flag of ['-u, --url URL', '-i, --include INCLUDE', '-l, --level LEVEL', '-s, --secret SECRET', '-t, --authorization AUTHORIZATION']) assert.ok(usage.includes(flag), usage)
  })
})
