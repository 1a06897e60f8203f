import { connect, createServer, type Server, type Socket } from 'node:net'
import { planAddonGrants, type AddonGrant } from '../../core/addons/plan-addon-grants.js'

/** The add-on servers on this machine's loopback (from BERTH_ADDON_POSTGRES_URL and BERTH_ADDON_REDIS_URL) that dynos on other nodes need a relay to. */
export function addonServersToRelay(addons: { postgresUrl: string | null; redisUrl: string | null }): AddonGrant[] {
  return planAddonGrants({ postgres: addons.postgresUrl ?? '', redis: addons.redisUrl ?? '' })
}

export interface AddonRelayOptions {
  /** The address the nodes reach this machine at (BERTH_SWARM_SLUG_ADDRESS's host): each relay listens there, on its server's port. */
  host: string
  servers: readonly AddonGrant[]
  /** Whether a connection from this address is a dyno's (a swarm node's, or a container's on this machine); others are refused. */
  admits(address: string): Promise<boolean>
}

/**
 * Lets dynos on other nodes reach the add-on servers on this machine's loopback (ADR 0012): for
 * each, a TCP relay on the nodes' network at the server's own port, and dynos' add-on URLs name
 * it (addonUrlsVia). Only swarm members and this machine's containers are let through; the
 * servers themselves check every password, as they do for local dynos. A port something else on
 * that address holds already (the server itself, listening on every address) needs no relay.
 */
export class AddonRelay {
  readonly #sockets = new Set<Socket>()

  private constructor(private readonly servers: Server[], private readonly relayed: ReadonlyMap<string, AddonGrant>) {}

  static async listen(options: AddonRelayOptions): Promise<AddonRelay> {
    const servers: Server[] = []
    const relayed = new Map<string, AddonGrant>()
    let self: AddonRelay | null = null
    try {
      for (const target of options.servers) {
        const server = createServer((client) => self!.#relay(client, target, options.admits))
        const listening = await new Promise<boolean>((resolve, reject) => {
          server.once('error', (error: NodeJS.ErrnoException) => error.code === 'EADDRINUSE' ? resolve(false) : reject(error))
          server.listen(target.port, options.host, () => resolve(true))
        })
        if (listening) servers.push(server)
        relayed.set(`${target.host}:${target.port}`, { host: options.host, port: target.port })
      }
    } catch (error) {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
      throw new Error(`could not relay the add-on servers on ${options.host}: ${(error as Error).message}`, { cause: error })
    }
    self = new AddonRelay(servers, relayed)
    return self
  }

  /** Where dynos on other nodes reach a loopback add-on server, or null if it is not relayed. */
  readonly addressOf = (server: AddonGrant): AddonGrant | null => this.relayed.get(`${server.host}:${server.port}`) ?? null

  /** The ports the nodes' fence must open on Berth's address. */
  get ports(): number[] {
    return [...this.relayed.values()].map((relay) => relay.port)
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy()
    await Promise.all(this.servers.map((server) => new Promise((resolve) => server.close(resolve))))
  }

  #relay(client: Socket, target: AddonGrant, admits: AddonRelayOptions['admits']): void {
    this.#track(client)
    client.pause()
    admits(client.remoteAddress?.replace(/^::ffff:/, '') ?? '').catch(() => false).then((admitted) => {
      if (!admitted || client.destroyed) return client.destroy()
      const upstream = this.#track(connect(target.port, target.host))
      upstream.once('connect', () => {
        client.pipe(upstream)
        upstream.pipe(client)
        client.resume()
      })
      client.once('close', () => upstream.destroy())
      upstream.once('close', () => client.destroy())
    }, () => client.destroy())
  }

  #track(socket: Socket): Socket {
    this.#sockets.add(socket)
    socket.on('error', () => socket.destroy())
    socket.once('close', () => this.#sockets.delete(socket))
    return socket
  }
}
