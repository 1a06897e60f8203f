import { formatLine, type BufferedLine } from '../log-buffer.js'

// <190> = facility local7, severity info, as Logplex sends.
const PRI = '<190>1'

function rfc5424Timestamp(line: BufferedLine): string {
  return formatLine(line).slice(0, 32)
}

/** RFC 6587 octet counting: `<length> <message>`. */
function octetCounted(message: string): string {
  return `${Buffer.byteLength(message)} ${message}`
}

/** A syslog drain frame: `<190>1 <time> <drain token> <source> <dyno> - - <message>`. */
export function syslogFrame(line: BufferedLine, drainToken: string): string {
  return octetCounted(`${PRI} ${rfc5424Timestamp(line)} ${drainToken} ${line.source} ${line.process} - - ${line.message}`)
}

/** An HTTPS drain frame (`application/logplex-1`): `<190>1 <time> host <source> <dyno> - <message>`. */
export function logplexFrame(line: BufferedLine): string {
  return octetCounted(`${PRI} ${rfc5424Timestamp(line)} host ${line.source} ${line.process} - ${line.message}`)
}
