/** Heroku's app setup: an app made from a tarball's app.json, and how far its setup got. */
export type AppSetupStatus = 'pending' | 'succeeded' | 'failed'

export interface AppSetup {
  id: string
  appId: string
  appName: string
  /** Who asked for it: they, and the app's members, may read it. */
  accountId: string
  status: AppSetupStatus
  failureMessage: string | null
  buildId: string | null
  /** The postdeploy script's end, once it ran. */
  postdeploy: { exitCode: number; output: string } | null
  /** app.json's `success_url`, as given. */
  successUrl: string | null
  createdAt: Date
  updatedAt: Date
}

export interface AppSetupPatch {
  status?: AppSetupStatus
  failureMessage?: string
  buildId?: string
  postdeploy?: { exitCode: number; output: string }
}
