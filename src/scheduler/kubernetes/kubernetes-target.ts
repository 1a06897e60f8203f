/** Where and how dynos run on a cluster: everything about it that is not a dyno spec. */
export interface KubernetesTarget {
  /** The namespace every app's objects live in. */
  namespace: string
  /** The stack image dynos run in (bash, the `berth-24` libraries); the slug is unpacked at /app. */
  stackImage: string
  /** The image that fetches and unpacks the slug before the dyno starts (sh, curl, sha256sum, tar). */
  fetchImage: string
  /** Web dynos listen on this `$PORT` at their pod's own address. */
  webPort: number
  /** The router's namespace and pod labels: the only peers allowed to open connections to dynos. */
  router: { namespace: string; podLabels: Record<string, string> }
  /** Dynos reach the internet, but never these (the cluster's pod and service ranges, private networks). */
  privateCidrs: readonly string[]
  /** Addresses (CIDRs) dynos may reach despite `privateCidrs`: where their slug URLs point. */
  slugSourceCidrs: readonly string[]
  /** SIGTERM, then SIGKILL this long after (Heroku: 30 s). */
  stopTimeoutMs: number
}

/** A Kubernetes object as sent to the API server: plain JSON, wire names. */
export interface Manifest {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> }
  [field: string]: unknown
}
