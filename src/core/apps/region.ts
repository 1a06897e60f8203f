import { PlatformError } from '../errors/platform-error.js'

/**
 * A region as Heroku names it. On Berth a region is a label the app keeps and shows: every app
 * runs on this installation, wherever it says it is.
 */
export interface Region {
  id: string
  name: string
  description: string
  country: string
  locale: string
}

// Heroku compat: the CLI sends `--region us|eu` and prints ` (<region>)` after every app not in `us`.
// Fixed ids, so clients may compare them across installations.
export const REGIONS: readonly Region[] = [
  { id: '0d3b9d0e-6a3c-4f57-8f4e-1b2a7f9c5e60', name: 'us', description: 'United States', country: 'United States', locale: 'Virginia' },
  { id: '0d3b9d0e-6a3c-4f57-8f4e-1b2a7f9c5e61', name: 'eu', description: 'Europe', country: 'Ireland', locale: 'Dublin' },
]

export const DEFAULT_REGION = 'us'

/** The region `--region` names (by name or id), or the default; unknown ones get 422 listing the choices. */
export function parseRegion(input: string | undefined): Region {
  if (input === undefined) return regionOf(DEFAULT_REGION)
  const wanted = input.trim().toLowerCase()
  const region = REGIONS.find((r) => r.name === wanted || r.id === wanted)
  if (!region) {
    throw new PlatformError('invalid_params', `Unknown region ${input}. Regions: ${REGIONS.map((r) => r.name).join(', ')} (labels: every app runs on this Berth installation).`)
  }
  return region
}

/** The region an app's stored label names. Apps made before regions were labels say `local`: they are `us`. */
export function regionOf(name: string): Region {
  return REGIONS.find((r) => r.name === name) ?? REGIONS[0]!
}
