import { formatIpv4, type Ipv4Network } from '../../core/net/ipv4-network.js'
import type { DockerEngine } from './docker-engine.js'
import { LABELS } from './plan-container.js'

/**
 * Makes a bridge network of Berth's own on `subnet` unless it exists (on that subnet). Its bridge is
 * named `bh…`, so the network fence's rules cover it: reachable only from the host's root, never
 * reaching the host's services; containers on it cannot reach one another (no inter-container traffic).
 */
export async function ensureBridgeNetwork(engine: DockerEngine, network: { name: string; bridge: string; subnet: Ipv4Network; serverTag: string; what: string }): Promise<void> {
  const { name, bridge, serverTag } = network
  if (!bridge.startsWith('bh') || bridge.length > 15) throw new Error(`bridge name ${bridge} must start with bh (the fence's prefix) and fit in 15 characters`)
  const subnet = `${formatIpv4(network.subnet.base)}/${network.subnet.prefix}`
  const existing = await engine.run(['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}}{{end}}', name])
  if (existing.code === 0 && existing.stdout.trim() !== subnet) {
    throw new Error(`Docker network ${name} exists on ${existing.stdout.trim()}, not ${subnet}; remove it (docker network rm ${name})`)
  }
  if (existing.code === 0) return
  await engine.check([
    'network', 'create', '--driver', 'bridge', '--subnet', subnet, '--gateway', formatIpv4(network.subnet.base + 1),
    '--opt', `com.docker.network.bridge.name=${bridge}`, '--opt', 'com.docker.network.bridge.enable_icc=false',
    '--label', `${LABELS.server}=${serverTag}`, name,
  ], `could not create ${network.what} ${name}`)
}
