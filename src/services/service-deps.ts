import type { Readable } from 'node:stream'
import type { AddonProvider } from '../addons/addon-provider.js'
import type { BlobStore } from '../blobs/blob-store.js'
import type { BuildOutputSink } from '../build/build-outputs.js'
import type { Builder } from '../build/builder.js'
import type { CertificateFacts, CheckedCertificate } from '../core/certs/checked-certificate.js'
import type { Clock } from '../core/clock.js'
import type { Credentials } from '../credentials/credentials.js'
import type { LogSink } from '../logs/log-sink.js'
import type { LogReader } from '../logs/log-stream.js'
import type { Rollout } from '../rollout/rollout.js'
import type { Runtime } from '../rollout/runtime.js'
import type { AttachedIo } from '../scheduler/scheduler.js'
import type { Store } from '../store/store.js'
import type { WebhookEvents } from '../webhooks/webhook-events.js'

/** Limits the operator sets (see docs/config.md). */
export interface ServiceLimits {
  maxSourceBytes: number
  /** Slugs used by the newest this-many releases (and the current one) are never collected. */
  keepReleases: number
  /** How long a capability URL stays usable after it is issued. */
  capabilityTtlMs: number
}

/** Files an app owns outside the store (its git repository, its build cache). */
export interface AppFiles {
  remove(appId: string): Promise<void>
  /** Bytes the app's git repository takes on disk; 0 before the first push. */
  repoBytes(appId: string): Promise<number>
}

/** Where attached one-off dynos meet their client (Heroku's rendezvous). */
export interface Rendezvous {
  /** A one-use `rendezvous://host:port/<secret>` and the connection a client makes to it. */
  open(): { url: string; connection: Promise<AttachedIo> }
}

/** A commit as a comparison shows it. */
export interface CommitDetail {
  sha: string
  authorName: string
  /** ISO 8601, as git records it. */
  authorDate: string
  message: string
}

/** Commits of an app's git repository, for release diffs. */
export interface CommitHistory {
  /** Commits in `to` but not in `from`, newest first, at most `max`; empty when either is unknown. */
  log(appId: string, from: string, to: string, max: number): Promise<{ sha: string; subject: string }[]>
  /**
   * Commits in `head` but not in `base`, oldest first, at most `max`, with how many there are in all;
   * null when the app's repository lacks either commit (the two share no history there).
   */
  compare(appId: string, base: string, head: string, max: number): Promise<{ total: number; commits: CommitDetail[] } | null>
}

/** Where users may point Berth's outgoing connections (log drains, webhooks). */
export interface OutboundTargets {
  /** Why Berth may not connect to `host` (it is or resolves to an internal address), or null. */
  problem(host: string): Promise<string | null>
}

/** An app setup's source tarball: fetched from where its URL points, and its app.json read. */
export interface SetupSources {
  /**
   * The body of an `http(s)` URL, fetched only from addresses users may point Berth at (the log
   * drains' rule, BERTH_OUTBOUND_ALLOW included; every redirect checked again) within a deadline.
   * Rejects with an Error whose message says why and never repeats the URL.
   */
  download(url: URL): Promise<Readable>
  /** The text of the tarball's app.json (at its root or in its one top-level directory), or null; rejects on an archive it cannot read. */
  readAppJson(tarball: Readable): Promise<string | null>
}

/** Release-phase output as the rollout writes it (what a release's `output_stream_url` serves). */
export interface ReleaseOutputs {
  /** Whether the release's phase has written anything yet (or ever). */
  exists(releaseId: string): Promise<boolean>
  /** Every line so far, then each new one until the phase ends. */
  follow(releaseId: string): AsyncIterable<string>
}

/** The certificates the router serves (TLS): how one an app brings is checked, and a nudge after a change. */
export interface TlsCertificates {
  /**
   * Parses and checks a certificate chain (PEM, leaf first) and its key now: `invalid_params`
   * naming the problem (a broken PEM, a key that is not the certificate's, a chain out of order,
   * self-signed, expired or not yet valid); whether it ends at a CA this machine trusts is reported.
   */
  check(chain: unknown, key: unknown): CheckedCertificate
  /** What a stored chain's leaf says (its names, issuer, validity), for certificates Berth issued itself. */
  describe(chain: string): CertificateFacts
  /** Re-reads the certificates to serve now rather than at the next poll. */
  changed(): void
}

/** The ports every service may use; main/ supplies the implementations. */
export interface ServiceDeps {
  store: Store
  rollout: Rollout
  logs: LogSink
  /** The log bus's recent lines: a push reads why its release failed. */
  logReader: Pick<LogReader, 'recent'>
  releaseOutputs: ReleaseOutputs
  credentials: Credentials
  clock: Clock
  /** Uniform in [0, 1); for generated app names. */
  random: () => number
  newId: () => string
  builder: Builder
  blobs: BlobStore
  buildOutputs: BuildOutputSink
  limits: ServiceLimits
  appFiles: AppFiles
  runtime: Runtime
  /** The add-on providers this installation runs, by catalog service name; a missing one is not configured. */
  addonProviders: ReadonlyMap<string, AddonProvider>
  commits: CommitHistory
  rendezvous: Rendezvous
  tls: TlsCertificates
  /** Automated Certificate Management: look for domains to order now. */
  acm: { wake(): void }
  /** Log drain delivery: re-read an app's drains after a change. */
  logDrains: { refresh(appId: string): Promise<void> }
  outbound: OutboundTargets
  setupSources: SetupSources
  /** Release health's counter: what it has counted and not stored yet goes to the store (absent: nothing is counted). */
  releaseMeter?: { flush(): Promise<void> }
  /** App webhook events: publishing only queues them, so it never slows or fails a change. */
  webhooks: WebhookEvents
}
