import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { herokuCli } from '../support/heroku-cli.js'
import { waitFor } from '../support/wait-for.js'
import { webhookReceiver } from '../support/webhook-receiver.js'

const KEY = 'berth_e2e_cli_webhooks_key_0123456789'
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/

/** The official CLI's webhooks:* commands, unmodified, against a real server and a real HTTPS receiver. */
describe('official heroku CLI: webhooks', () => {
  let berth: BerthProcess
  let cli: ReturnType<typeof herokuCli>
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>
  const heroku = async (...args: string[]) => (await cli.ok(args)).stdout

  before(async () => {
    receiver = await webhookReceiver()
    await receiver.listen()
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_OUTBOUND_ALLOW: '127.0.0.1/32', BERTH_WEBHOOK_CA_FILE: receiver.caFile })
    cli = herokuCli(berth.apiUrl, KEY)
    await heroku('apps:create', 'hooks', '--no-remote')
  })
  after(async () => {
    await berth?.stop()
    await receiver?.stop()
  })

  it('adds, lists, shows, updates and removes a webhook, and shows its deliveries and events', async () => {
    assert.match(await heroku('webhooks', '-a', 'hooks'), /hooks has no webhooks/)
    const added = await cli.ok(['webhooks:add', '-i', 'api:release,api:formation', '-l', 'notify', '-u', receiver.url, '-a', 'hooks'])
    assert.match(added.stdout, /Webhooks Signing Secret\s+berth_\S+/)
    const signing = /Webhooks Signing Secret\s+(\S+)/.exec(added.stdout)![1]!

    const list = await heroku('webhooks', '-a', 'hooks')
    const id = UUID.exec(list)![0]
    assert.match(list, new RegExp(`${id}\\s+${receiver.url.replace(/[/.]/g, '\\$&')}\\s+api:release,api:formation\\s+notify`))
    const info = await heroku('webhooks:info', id, '-a', 'hooks')
    assert.match(info, /Include:\s+api:release,api:formation/)
    assert.match(info, /Level:\s+notify/)

    await heroku('config:set', 'A=1', '-a', 'hooks')
    await waitFor(() => receiver.received.filter((h) => h.body.resource === 'release').length >= 2, { what: 'release create and update delivered' })
    const { createHmac } = await import('node:crypto')
    for (const hook of receiver.received) assert.equal(hook.headers['heroku-webhook-hmac-sha256'], createHmac('sha256', signing).update(hook.raw).digest('base64'))

    const deliveries = await waitFor(async () => {
      const out = await heroku('webhooks:deliveries', '-a', 'hooks')
      return (out.match(/succeeded/g) ?? []).length >= 2 ? out : null
    }, { what: 'webhooks:deliveries to show both succeeded' })
    assert.match(deliveries, /api:release\s+notify\s+1\s+200/)
    const deliveryId = UUID.exec(deliveries)![0]
    const deliveryInfo = await heroku('webhooks:deliveries:info', deliveryId, '-a', 'hooks')
    assert.match(deliveryInfo, /Status:\s+succeeded/)
    assert.match(deliveryInfo, /Event Payload/)
    assert.match(deliveryInfo, /"resource": "release"/)
    assert.match(await heroku('webhooks:deliveries', '--status', 'failed', '-a', 'hooks'), /hooks has no deliveries/)

    const events = await heroku('webhooks:events', '-a', 'hooks')
    assert.match(events, /release\s+create/)
    const eventId = UUID.exec(events)![0]
    assert.match(await heroku('webhooks:events:info', eventId, '-a', 'hooks'), /"resource": "release"/)

    await heroku('webhooks:update', id, '-i', 'dyno', '-l', 'sync', '-u', receiver.url, '-s', 'new-secret', '-a', 'hooks')
    assert.match(await heroku('webhooks:info', id, '-a', 'hooks'), /Include:\s+dyno[\s\S]*Level:\s+sync/)

    await heroku('webhooks:remove', id, '-a', 'hooks')
    assert.match(await heroku('webhooks', '-a', 'hooks'), /hooks has no webhooks/)
    const gone = await cli.run(['webhooks:info', id, '-a', 'hooks'])
    assert.notEqual(gone.code, 0)
    assert.match(gone.stderr, /Couldn't find that webhook/)
  })

  it('refuses a webhook to an internal address with the API\'s message', async () => {
    const refused = await cli.run(['webhooks:add', '-i', 'api:release', '-l', 'notify', '-u', 'https://169.254.169.254/x', '-a', 'hooks'])
    assert.notEqual(refused.code, 0)
    assert.match(refused.stderr.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' '), /Webhooks cannot point at internal addresses: 169\.254\.169\.254 is a link-local address/)
  })
})
