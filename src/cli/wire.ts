// The API's JSON as the CLI reads it: the wire types, and nothing else, shared with the server.

export interface AppJson {
  id: string
  name: string
  git_url: string
  web_url: string
  maintenance: boolean
  owner: { email: string }
  region: { name: string }
  stack: { name: string }
  build_stack: { name: string }
  repo_size: number | null
  slug_size: number | null
  created_at: string
  released_at: string | null
}

export interface ReleaseJson {
  id: string
  version: number
  description: string
  status: 'pending' | 'succeeded' | 'failed' | 'expired'
  current: boolean
  eligible_for_rollback: boolean
  output_stream_url: string | null
  slug: { id: string } | null
  user: { email: string }
  addon_plan_names: string[]
  created_at: string
}

export interface ReleaseSummaryJson {
  version: number
  description: string
  status: string
  user: { email: string }
  created_at: string
  release_phase: boolean
  commit?: string | null
}

export interface ReleaseDiffJson {
  from: ReleaseSummaryJson
  to: ReleaseSummaryJson
  commits: { direction: 'forward' | 'back'; log: { sha: string; subject: string }[] }
  config_vars: {
    added: { key: string; value?: string }[]
    removed: { key: string; value?: string }[]
    changed: { key: string; from?: string; to?: string }[]
  }
  values_shown: boolean
  addons: { added: string[]; removed: string[] }
  process_types: { added: string[]; removed: string[]; changed: string[] }
  releases: ReleaseSummaryJson[]
}

export interface AddonJson {
  id: string
  name: string
  app: { id: string; name: string }
  addon_service: { name: string }
  plan: { name: string; price: { cents: number } }
  state: string
  config_vars: string[]
  created_at: string
  provider_details?: Record<string, string> | null
}

export interface AttachmentJson {
  name: string
  addon: { id: string; name: string }
  app: { name: string }
}

export interface FormationJson {
  type: string
  command: string
  quantity: number
  size: string
}

export interface DynoJson {
  name: string
  type: string
  command: string
  size: string
  state: string
  updated_at: string
  release: { version: number }
}

export type ConfigVarsJson = Record<string, string>

export interface BuildpackInstallationJson {
  buildpack: { url: string; name: string }
  ordinal: number
}

export interface PipelineJson {
  id: string
  name: string
  owner: { id: string; type: string }
}

export interface PipelineCouplingJson {
  id: string
  stage: 'review' | 'development' | 'staging' | 'production'
  app: { id: string; name: string }
  pipeline: { id: string; name: string }
}

export interface PipelineReleaseJson extends ReleaseJson {
  app: { id: string; name: string }
}

export interface PromotionJson {
  id: string
  status: 'pending' | 'completed'
}

export interface PromotionTargetJson {
  app: { id: string }
  status: 'pending' | 'succeeded' | 'failed'
  error_message: string | null
  release: { id: string } | null
}

export interface AppSetupJson {
  id: string
  app: { id: string; name: string }
  status: 'pending' | 'succeeded' | 'failed'
  failure_message: string | null
  build: { id: string; status: string; output_stream_url: string | null } | null
  postdeploy: { exit_code: number; output: string } | null
  resolved_success_url: string | null
}

/** An app webhook; its secret and authorization are write-only and never come back. */
export interface WebhookJson {
  id: string
  app: { id: string; name: string }
  url: string
  include: string[]
  level: 'notify' | 'sync'
  created_at: string
  updated_at: string
}

export interface WebhookDeliveryJson {
  id: string
  event: { id: string; include: string }
  webhook: { id: string; level: string }
  status: string
  num_attempts: number
  next_attempt_at: string | null
  last_attempt: { code: number | null; error_class: string | null; status: string; created_at: string } | null
  created_at: string
}

export interface WebhookEventJson {
  id: string
  include: string
  payload: { action: string; resource: string; published_at: string } & Record<string, unknown>
  created_at: string
}
