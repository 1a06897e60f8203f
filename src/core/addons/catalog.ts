import { PlatformError } from '../errors/platform-error.js'

export interface AddonPlan {
  id: string
  /** Short name, as in `berth-postgresql:dev`. */
  name: string
  description: string
  default: boolean
  /** Connections the plan's role may hold at once (PostgreSQL); null where the provider cannot limit it. */
  connectionLimit: number | null
}

export interface AddonService {
  id: string
  name: string
  humanName: string
  /** Other spellings users bring from Heroku (`heroku-postgresql`). */
  aliases: string[]
  /** Prefix of generated add-on names: `postgresql` → `postgresql-shaped-12345`. */
  namePrefix: string
  /** The first attachment's name (`DATABASE`); later ones are `<colorPrefix>_<COLOR>`. */
  defaultAttachment: string
  colorPrefix: string
  /** Suffixes of the config vars an attachment sets: `URL` → `DATABASE_URL`. */
  configSuffixes: string[]
  plans: AddonPlan[]
  /** Heroku plan names accepted as spellings of Berth's plans (`essential-0` → `dev`). */
  planAliases: Record<string, string>
}

// Fixed ids so clients may cache them; the services and plans are the same on every installation.
export const ADDON_SERVICES: readonly AddonService[] = [
  {
    id: 'b3f0c1a2-5d1e-4c47-9a51-3f2a6d0e7a01',
    name: 'berth-postgresql',
    humanName: 'Berth Postgres',
    aliases: ['heroku-postgresql', 'postgresql', 'postgres'],
    namePrefix: 'postgresql',
    defaultAttachment: 'DATABASE',
    colorPrefix: 'HEROKU_POSTGRESQL',
    configSuffixes: ['URL'],
    plans: [
      { id: 'b3f0c1a2-5d1e-4c47-9a51-3f2a6d0e7a11', name: 'dev', description: 'A dedicated database and role, up to 20 connections', default: true, connectionLimit: 20 },
      { id: 'b3f0c1a2-5d1e-4c47-9a51-3f2a6d0e7a12', name: 'basic', description: 'A dedicated database and role, up to 120 connections', default: false, connectionLimit: 120 },
    ],
    planAliases: { 'essential-0': 'dev', 'hobby-dev': 'dev', mini: 'dev', 'essential-1': 'basic', 'essential-2': 'basic', 'hobby-basic': 'basic', basic: 'basic', 'standard-0': 'basic' },
  },
  {
    id: 'b3f0c1a2-5d1e-4c47-9a51-3f2a6d0e7a02',
    name: 'berth-redis',
    humanName: 'Berth Redis',
    aliases: ['heroku-redis', 'redis'],
    namePrefix: 'redis',
    defaultAttachment: 'REDIS',
    colorPrefix: 'HEROKU_REDIS',
    configSuffixes: ['URL', 'KEY_PREFIX'],
    plans: [
      { id: 'b3f0c1a2-5d1e-4c47-9a51-3f2a6d0e7a21', name: 'dev', description: 'An ACL user confined to its own key prefix', default: true, connectionLimit: null },
    ],
    planAliases: { mini: 'dev', 'hobby-dev': 'dev', 'premium-0': 'dev' },
  },
]

/** The plan a Heroku plan name stands for (`essential-0` → `dev`), or the name itself. */
export function planAlias(service: Pick<AddonService, 'planAliases'>, name: string): string {
  return Object.hasOwn(service.planAliases, name) ? service.planAliases[name]! : name
}

export function findAddonService(name: string): AddonService | undefined {
  const wanted = name.toLowerCase()
  return ADDON_SERVICES.find((s) => s.name === wanted || s.aliases.includes(wanted) || s.id === wanted)
}

function listChoices(): string {
  return ADDON_SERVICES.map((s) => `${s.name} (plans: ${s.plans.map((p) => p.name).join(', ')})`).join('; ')
}

/**
 * Reads `service[:plan]` (or a plan id) as users type it, Heroku spellings
 * included; unknown names get 422 with the valid choices.
 */
export function resolveAddonPlan(spec: string): { service: AddonService; plan: AddonPlan } {
  for (const service of ADDON_SERVICES) {
    const plan = service.plans.find((p) => p.id === spec)
    if (plan) return { service, plan }
  }
  const [serviceName = '', planName, ...rest] = spec.trim().split(':')
  const service = findAddonService(serviceName)
  if (!service || rest.length > 0) {
    throw new PlatformError('invalid_params', `Couldn't find either the add-on service or the add-on plan of "${spec}". Available: ${listChoices()}.`)
  }
  if (planName === undefined || planName === '') return { service, plan: service.plans.find((p) => p.default)! }
  const wanted = planAlias(service, planName.toLowerCase())
  const plan = service.plans.find((p) => p.name === wanted)
  if (!plan) {
    throw new PlatformError('invalid_params', `${service.name} has no plan "${planName}". Plans: ${service.plans.map((p) => p.name).join(', ')}.`)
  }
  return { service, plan }
}
