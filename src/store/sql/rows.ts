import type { Account } from '../../core/accounts/account.js'
import type { App } from '../../core/apps/app.js'
import type { Release, ReleaseStatus } from '../../core/releases/release.js'
import type { Slug } from '../../core/slugs/slug.js'
import type { Build, BuildStatus } from '../../core/builds/build.js'
import type { Addon, AddonState } from '../../core/addons/addon.js'
import type { SecretBox } from '../secret-box.js'
import type { Token } from '../store-results.js'
import type { Collaborator } from '../../core/accounts/collaborator.js'
import type { CustomDomain } from '../../core/domains/domain.js'
import type { AcmStatus, SniEndpoint } from '../../core/certs/sni-endpoint.js'
import type { Formation } from '../../core/formation/formation.js'
import type { LogDrain } from '../../core/logs/log-drain.js'

// Row mappers shared by both dialects: SQLite hands back text and 0/1 where
// PostgreSQL hands back Date and boolean, so each reader accepts either.
type Row = Record<string, unknown>

function date(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value))
}

function nullableDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : date(value)
}

function str(value: unknown): string {
  return String(value)
}

function nullableStr(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value)
}

export function toAccount(row: Row, prefix = ''): Account {
  return {
    id: str(row[`${prefix}id`]),
    email: str(row[`${prefix}email`]),
    name: nullableStr(row[`${prefix}name`]),
    isAdmin: Boolean(row[`${prefix}is_admin`]),
    createdAt: date(row[`${prefix}created_at`]),
    updatedAt: date(row[`${prefix}updated_at`]),
  }
}

export function toToken(row: Row): Token {
  return {
    id: str(row.token_id),
    accountId: str(row.account_id),
    description: str(row.description),
    createdAt: date(row.token_created_at),
    expiresAt: nullableDate(row.expires_at),
  }
}

export function toApp(row: Row): App {
  return {
    id: str(row.id),
    name: str(row.name),
    ownerId: str(row.owner_id),
    ownerEmail: str(row.owner_email),
    maintenance: Boolean(row.maintenance),
    acm: Boolean(row.acm),
    stack: str(row.stack),
    buildStack: str(row.build_stack ?? row.stack),
    region: str(row.region),
    currentReleaseId: nullableStr(row.current_release_id),
    buildpacks: JSON.parse(str(row.buildpacks ?? '[]')) as string[],
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    releasedAt: nullableDate(row.released_at),
  }
}

export function toCollaborator(row: Row): Collaborator {
  return {
    id: str(row.collaborator_id),
    appId: str(row.app_id),
    account: toAccount(row, 'account_'),
    role: row.role === 'owner' ? 'owner' : 'collaborator',
    createdAt: date(row.collaborator_created_at),
    updatedAt: date(row.collaborator_updated_at),
  }
}

export function toRelease(row: Row, box: SecretBox): Release {
  return {
    id: str(row.id),
    appId: str(row.app_id),
    version: Number(row.version),
    description: str(row.description),
    status: str(row.status) as ReleaseStatus,
    current: Boolean(row.is_current),
    slugId: nullableStr(row.slug_id),
    configVars: box.openJson(str(row.config_vars)),
    addonConfigVars: box.openJson(str(row.addon_config_vars)),
    addonPlanNames: JSON.parse(str(row.addon_plan_names)) as string[],
    actor: { id: nullableStr(row.actor_id), email: str(row.actor_email) },
    hasReleasePhase: row.slug_process_types ? Object.hasOwn(JSON.parse(str(row.slug_process_types)) as object, 'release') : false,
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}

export function toSlug(row: Row): Slug {
  return {
    id: str(row.id),
    appId: str(row.app_id),
    processTypes: JSON.parse(str(row.process_types)) as Record<string, string>,
    commit: nullableStr(row.commit_sha),
    commitDescription: nullableStr(row.commit_description),
    buildpackProvidedDescription: nullableStr(row.buildpack_provided_description),
    stack: str(row.stack),
    checksum: nullableStr(row.checksum),
    sizeBytes: row.size_bytes === null || row.size_bytes === undefined ? null : Number(row.size_bytes),
    runtimes: JSON.parse(str(row.runtimes)) as string[],
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    deletedAt: nullableDate(row.deleted_at),
  }
}

export function toBuild(row: Row): Build {
  return {
    id: str(row.id),
    appId: str(row.app_id),
    status: str(row.status) as BuildStatus,
    sourceVersion: nullableStr(row.source_version),
    sourceDescription: nullableStr(row.source_description),
    sourceUrl: nullableStr(row.source_url),
    buildpacks: JSON.parse(str(row.buildpacks)) as string[],
    stack: str(row.stack),
    slugId: nullableStr(row.slug_id),
    releaseId: nullableStr(row.release_id),
    actor: { id: nullableStr(row.actor_id), email: str(row.actor_email) },
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}

export function toFormation(row: Row): Formation {
  return {
    id: str(row.id),
    appId: str(row.app_id),
    type: str(row.type),
    quantity: Number(row.quantity),
    size: str(row.size),
    command: str(row.command),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}

export function toDomain(row: Row): CustomDomain {
  return {
    id: str(row.id), appId: str(row.app_id), hostname: str(row.hostname), createdAt: date(row.created_at), updatedAt: date(row.updated_at),
    sniEndpointId: nullableStr(row.sni_endpoint_id),
    acm: {
      status: nullableStr(row.acm_status) as AcmStatus | null, reason: nullableStr(row.acm_status_reason),
      expiresAt: nullableDate(row.acm_expires_at), nextAttemptAt: nullableDate(row.acm_next_attempt_at), attempts: Number(row.acm_attempts ?? 0),
    },
  }
}

export function toSniEndpoint(row: Row): SniEndpoint {
  return {
    id: str(row.id), appId: str(row.app_id), name: str(row.name), chain: str(row.certificate_chain),
    domains: JSON.parse(str(row.cert_domains)) as string[], subject: str(row.subject), issuer: str(row.issuer),
    startsAt: date(row.starts_at), expiresAt: date(row.expires_at), caSigned: Boolean(row.ca_signed), acm: false,
    createdAt: date(row.created_at), updatedAt: date(row.updated_at),
  }
}

export function toDrain(row: Row, box: SecretBox): LogDrain {
  return { id: str(row.id), appId: str(row.app_id), url: box.open(str(row.url)), token: str(row.token), createdAt: date(row.created_at), updatedAt: date(row.updated_at) }
}

export function toAddon(row: Row, box: SecretBox): Addon {
  return {
    id: str(row.id), name: str(row.name), appId: nullableStr(row.app_id), appName: nullableStr(row.app_name),
    service: str(row.service), plan: str(row.plan), state: str(row.state) as AddonState, providerId: str(row.provider_id),
    config: box.openJson(str(row.config)), attachmentId: str(row.attachment_id), attachmentName: nullableStr(row.attachment_name),
    createdAt: date(row.created_at), updatedAt: date(row.updated_at),
  }
}
