import { freePort } from '../../scheduler/local/free-port.js'
import { httpsReceiver, receiverTls, syslogReceiver } from '../../../test/support/receivers.js'
import { readFileSync } from 'node:fs'
import { runDrainContract, type ReceivedLine } from './drain.contract.js'
import { HttpsDrain } from './https-drain.js'
import { SyslogDrain } from './syslog-drain.js'

const tls = await receiverTls()
const ca = [readFileSync(tls.caFile, 'utf8')]

/** `<190>1 <time> <token> <source> <process> - - <message>` */
function fromSyslog(frame: string): ReceivedLine {
  const [, , token, source, process, , , ...message] = frame.split(' ')
  return { token: token!, source: source!, process: process!, message: message.join(' ') }
}

/** `<190>1 <time> host <source> <process> - <message>`, the token in the batch's header. */
function fromLogplex(frame: string, token: string): ReceivedLine {
  const [, , , source, process, , ...message] = frame.split(' ')
  return { token, source: source!, process: process!, message: message.join(' ') }
}

for (const secure of [false, true]) {
  runDrainContract(secure ? 'SyslogDrain over TLS' : 'SyslogDrain over TCP', {
    ca,
    async receiver() {
      const port = await freePort()
      const receiver = syslogReceiver(port, secure ? tls : undefined)
      return { ...receiver, url: new URL(`${secure ? 'syslog+tls' : 'syslog'}://127.0.0.1:${port}`), received: () => receiver.frames.map(fromSyslog) }
    },
    open: (url, token, options) => new SyslogDrain(url, token, options),
  })
}

runDrainContract('HttpsDrain', {
  ca,
  async receiver() {
    const port = await freePort()
    const receiver = httpsReceiver(tls, port)
    return {
      ...receiver,
      url: new URL(`https://127.0.0.1:${port}/logs`),
      received: () => receiver.batches.flatMap((b) => b.frames.map((f) => fromLogplex(f, String(b.headers['logplex-drain-token'])))),
    }
  },
  open: (url, token, options) => new HttpsDrain(url, token, options),
})
