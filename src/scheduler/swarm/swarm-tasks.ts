import { EngineApiError, type EngineApi } from '../docker/engine-api.js'

/** Task states after which the task never runs again. */
export const ENDED_TASK_STATES = new Set(['complete', 'failed', 'shutdown', 'rejected', 'orphaned', 'remove'])

export interface Task {
  ID: string
  NodeID?: string
  CreatedAt: string
  Status: { State: string; Err?: string; ContainerStatus?: { ContainerID?: string; ExitCode?: number } }
}

/** The service's newest task, or null before Swarm made one. */
export async function latestTask(api: EngineApi, serviceId: string): Promise<Task | null> {
  const tasks = await api.json<Task[]>('GET', `/tasks?filters=${encodeURIComponent(JSON.stringify({ service: [serviceId] }))}`)
  return tasks.sort((a, b) => b.CreatedAt.localeCompare(a.CreatedAt))[0] ?? null
}

/** Whether Swarm sees the node as down (gone, or not answering its heartbeats). */
export async function nodeIsDown(api: EngineApi, nodeId: string): Promise<boolean> {
  const node = await api.json<{ Status: { State: string } }>('GET', `/nodes/${nodeId}`).catch((error: unknown) => {
    if (error instanceof EngineApiError && error.status === 404) return { Status: { State: 'down' } }
    throw error
  })
  return node.Status.State !== 'ready'
}


/** A Swarm node as the Engine API describes it. */
export interface SwarmNode {
  ID: string
  Description: { Hostname: string }
  Status: { State: string; Addr?: string }
  ManagerStatus?: { Addr?: string }
}

/** The address the node is reached at (a manager's Status.Addr may read 0.0.0.0: its listen address then says). */
export function nodeAddress(node: Pick<SwarmNode, 'Status' | 'ManagerStatus'>): string | null {
  if (node.Status.Addr && node.Status.Addr !== '0.0.0.0') return node.Status.Addr
  return node.ManagerStatus?.Addr?.replace(/:\d+$/, '') || null
}

/** Creates a service of Berth's own (the meter, the sweeper) in place of the one of that name a killed server left; resolves with its id. */
export async function replaceService(api: EngineApi, spec: { Name: string }): Promise<string> {
  await api.json('DELETE', `/services/${encodeURIComponent(spec.Name)}`).catch((error: unknown) => {
    if (!(error instanceof EngineApiError && error.status === 404)) throw error
  })
  return (await api.json<{ ID: string }>('POST', '/services/create', spec)).ID
}
