import { FenceUnavailableError, NetworkFence } from '../sandbox/network-fence.js'
import type { Config } from '../config/load-config.js'

export interface FenceChoice {
  fence: NetworkFence | null
  warning: string | null
}

const UNFENCED = 'dynos and builds share the host\'s network: they can reach each other and every service on this machine (see docs/security.md)'

/** Sets up a network of its own for each dyno and build, as BERTH_DYNO_NETWORK asks and the machine allows. */
export async function findNetworkFence(setting: Config['runtime']['dynoNetwork'], stateDir: string): Promise<FenceChoice> {
  if (setting.mode === 'host') return { fence: null, warning: `BERTH_DYNO_NETWORK=host: ${UNFENCED}.` }
  try {
    const fence = await NetworkFence.setUp({ network: setting.range, stateDir })
    return { fence, warning: fence.dnsProblem() }
  } catch (error) {
    if (setting.mode === 'required' || !(error instanceof FenceUnavailableError)) {
      throw new Error(`BERTH_DYNO_NETWORK: ${(error as Error).message}`, { cause: error })
    }
    return { fence: null, warning: `${error.message}; ${UNFENCED}.` }
  }
}
