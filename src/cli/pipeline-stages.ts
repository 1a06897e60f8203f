import type { PipelineCouplingJson } from './wire.js'

type Stage = PipelineCouplingJson['stage']

/** Stages in the order `pipelines:info` shows them. */
export const STAGE_ORDER: readonly Stage[] = ['development', 'review', 'staging', 'production']

// Heroku compat: promotion goes development → staging → production; review apps have no next stage.
const NEXT: Partial<Record<Stage, Stage>> = { development: 'staging', staging: 'production' }

export function nextStage(stage: Stage): Stage | undefined {
  return NEXT[stage]
}

// Heroku compat: the stage and pipeline name the CLI guesses from an app's name (`shop-staging` → shop, staging).
const GUESSES: [RegExp, Stage][] = [
  [/-(dev|development|uat|tst|test|qa)$/, 'development'],
  [/-(stg|staging)$/, 'staging'],
  [/-(prd|prod|production|admin|demo)$/, 'production'],
]

export function guessStage(app: string): { pipeline: string; stage: Stage } {
  for (const [pattern, stage] of GUESSES) if (pattern.test(app)) return { pipeline: app.replace(pattern, ''), stage }
  return { pipeline: app, stage: 'production' }
}
