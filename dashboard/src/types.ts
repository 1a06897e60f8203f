export interface App { id: string; name: string; web_url: string; git_url: string; maintenance: boolean; owner: { email: string } }
export interface Release {
  id: string; version: number; description: string; status: 'pending' | 'succeeded' | 'failed' | 'expired'; current: boolean
  eligible_for_rollback: boolean; user: { email: string }; created_at: string; addon_plan_names: string[]; slug: { id: string } | null
}
export interface Dyno { name: string; type: string; state: string; updated_at: string; command: string; release: { version: number } }
export interface Formation { type: string; quantity: number; size: string; command: string }
export interface Addon { id: string; name: string; state: string; plan: { name: string }; addon_service: { name: string }; config_vars: string[] }
export interface ReleaseSummary { version: number; description: string; status: string; user: { email: string }; created_at: string; release_phase: boolean; commit?: string | null }
export interface ReleaseDiff {
  from: ReleaseSummary; to: ReleaseSummary
  commits: { direction: 'forward' | 'back'; log: { sha: string; subject: string }[] }
  config_vars: { added: { key: string }[]; removed: { key: string }[]; changed: { key: string }[] }
  addons: { added: string[]; removed: string[] }
  process_types: { added: string[]; removed: string[]; changed: string[] }
  releases: ReleaseSummary[]
}
export interface Domain { id: string; hostname: string; kind: 'heroku' | 'custom'; cname: string | null; sni_endpoint: { id: string; name: string } | null; acm_status: string | null; acm_status_reason: string | null }
export interface SniEndpoint { id: string; name: string; domains: string[]; ssl_cert: { acm: boolean; expires_at: string; cert_domains: string[] } }
export interface ReleaseHealth {
  release: { id: string; version: number; description: string }
  from: string | null; to: string | null
  requests: number; status: Record<'2xx' | '3xx' | '4xx' | '5xx', number>; error_rate: number | null
  service_time_ms: { p50: number | null; p95: number | null; p99: number | null }
  router_errors: Record<string, number>; dynos: { crashes: number; r14: number; r15: number }
  minutes: { at: string; requests: number; status_5xx: number; p95_ms: number | null }[]
}
export interface ReleaseMetrics extends ReleaseHealth { compare: ReleaseHealth | null }
export interface Pipeline { id: string; name: string }
export type Stage = 'review' | 'development' | 'staging' | 'production'
export interface Coupling { id: string; stage: Stage; app: { id: string; name: string }; pipeline: { id: string; name: string } }
export interface PipelineRelease extends Release { app: { id: string; name: string } }
export interface PromotionTarget { app: { id: string }; status: 'pending' | 'succeeded' | 'failed'; error_message: string | null; release: { id: string } | null }
