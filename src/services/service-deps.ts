import type { Clock } from '../core/clock.js'
import type { Credentials } from '../credentials/credentials.js'
import type { LogSink } from '../logs/log-sink.js'
import type { Rollout } from '../rollout/rollout.js'
import type { Store } from '../store/store.js'

/** The ports every service may use; main/ supplies the implementations. */
export interface ServiceDeps {
  store: Store
  rollout: Rollout
  logs: LogSink
  credentials: Credentials
  clock: Clock
  /** Uniform in [0, 1); for generated app names. */
  random: () => number
}
