import { DYNO_CONTAINER } from './manifest-names.js'

/** What Berth needs of a pod's status: the dyno container's current run, and how its last one ended. */
export interface PodReading {
  podIp: string | null
  terminating: boolean
  /** The dyno container, while it runs: its id (new at each restart) and when it started. */
  running: { containerId: string; startedAtMs: number } | null
  ready: boolean
  /** The last run that ended: its container's id, status, and the kubelet's reason (`OOMKilled`, `Error`). */
  exited: { containerId: string; exitCode: number; reason: string | null } | null
  /** Why the container waits (`CrashLoopBackOff`, `ContainerCreating`, `ErrImagePull`…). */
  waitingReason: string | null
  restartCount: number
}

interface ContainerStateLike {
  running?: { startedAt?: string | Date }
  terminated?: { exitCode?: number; reason?: string; containerID?: string }
  waiting?: { reason?: string }
}

/** A pod as a watch reports it (the client's V1Pod, or the wire's JSON): the fields Berth reads. */
export interface PodLike {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: unknown }
  status?: {
    podIP?: string
    containerStatuses?: { name?: string; ready?: boolean; restartCount?: number; containerID?: string; state?: ContainerStateLike; lastState?: ContainerStateLike }[]
  }
}

/** Reads a pod for the dyno's state. */
export function readPod(pod: PodLike): PodReading {
  const status = (pod.status?.containerStatuses ?? []).find((c) => c.name === DYNO_CONTAINER)
  const state: ContainerStateLike = status?.state ?? {}
  const last: ContainerStateLike = status?.lastState ?? {}
  const terminated = state.terminated ?? last.terminated
  const startedAt = state.running?.startedAt
  return {
    podIp: pod.status?.podIP ?? null,
    terminating: Boolean(pod.metadata.deletionTimestamp),
    running: state.running && status?.containerID ? { containerId: status.containerID, startedAtMs: startedAt ? new Date(startedAt).getTime() : Date.now() } : null,
    ready: status?.ready === true,
    exited: terminated ? { containerId: terminated.containerID ?? `${status?.containerID ?? 'unknown'}#${status?.restartCount ?? 0}`, exitCode: terminated.exitCode ?? 1, reason: terminated.reason ?? null } : null,
    waitingReason: state.waiting?.reason ?? null,
    restartCount: status?.restartCount ?? 0,
  }
}
