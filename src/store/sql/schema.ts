import type { Migration } from './sql-driver.js'

/** Column types that differ between dialects; everything else in the schema is shared. */
export interface DialectTypes {
  timestamp: string
  boolean: string
  false: string
  bigint: string
}

/** The schema, once, for both dialects; `{timestamp}`-style placeholders take each dialect's native type. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'init',
    sql: `
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT, password_hash TEXT,
        is_admin {boolean} NOT NULL DEFAULT {false}, created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL
      );
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE, description TEXT NOT NULL, created_at {timestamp} NOT NULL, expires_at {timestamp}
      );
      CREATE TABLE apps (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, owner_id TEXT NOT NULL REFERENCES accounts(id),
        maintenance {boolean} NOT NULL DEFAULT {false}, stack TEXT NOT NULL, region TEXT NOT NULL,
        last_version INTEGER NOT NULL DEFAULT 0, current_release_id TEXT,
        created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL, released_at {timestamp}
      );
      CREATE TABLE collaborators (
        id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL, UNIQUE (app_id, account_id)
      );
      CREATE TABLE slugs (
        id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        process_types TEXT NOT NULL, commit_sha TEXT, commit_description TEXT, buildpack_provided_description TEXT,
        stack TEXT NOT NULL, checksum TEXT, size_bytes {bigint}, created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL
      );
      CREATE TABLE releases (
        id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        version INTEGER NOT NULL, description TEXT NOT NULL, status TEXT NOT NULL, slug_id TEXT,
        config_vars TEXT NOT NULL, addon_config_vars TEXT NOT NULL, addon_plan_names TEXT NOT NULL,
        actor_id TEXT, actor_email TEXT NOT NULL, created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL,
        UNIQUE (app_id, version)
      );
      CREATE INDEX releases_pending ON releases (status) WHERE status = 'pending';
      CREATE INDEX collaborators_account ON collaborators (account_id)
    `,
  },
  {
    version: 2,
    name: 'builds',
    sql: `
      CREATE TABLE builds (
        id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        status TEXT NOT NULL, source_version TEXT, source_description TEXT, source_url TEXT,
        buildpacks TEXT NOT NULL, slug_id TEXT, release_id TEXT, actor_id TEXT, actor_email TEXT NOT NULL,
        created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL
      );
      CREATE INDEX builds_app_created ON builds (app_id, created_at);
      ALTER TABLE apps ADD COLUMN buildpacks TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE slugs ADD COLUMN deleted_at {timestamp}
    `,
  },
  {
    version: 3,
    name: 'formations',
    sql: `
      CREATE TABLE formations (
        id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        type TEXT NOT NULL, quantity INTEGER NOT NULL, size TEXT NOT NULL, command TEXT NOT NULL,
        created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL, UNIQUE (app_id, type)
      )
    `,
  },
  {
    version: 4,
    name: 'domains',
    sql: `
      CREATE TABLE domains (
        id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        hostname TEXT NOT NULL UNIQUE, created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL
      )
    `,
  },
  {
    version: 5,
    name: 'log_drains',
    sql: `
      CREATE TABLE log_drains (
        id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        url TEXT NOT NULL, token TEXT NOT NULL UNIQUE, created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL,
        UNIQUE (app_id, url)
      )
    `,
  },
  {
    version: 6,
    name: 'addons',
    sql: `
      CREATE TABLE addons (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, app_id TEXT REFERENCES apps(id),
        service TEXT NOT NULL, plan TEXT NOT NULL, state TEXT NOT NULL, provider_id TEXT NOT NULL, config TEXT NOT NULL,
        attachment_id TEXT NOT NULL UNIQUE, attachment_name TEXT,
        created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL, UNIQUE (app_id, attachment_name)
      );
      CREATE INDEX addons_state ON addons (state)
    `,
  },
  {
    // Drain URLs carry credentials: `url` becomes sealed (rows older than this are sealed when the
    // store opens, see SqlStore.sealLegacyValues), and uniqueness moves to a keyed digest of it.
    version: 7,
    name: 'log_drain_urls_sealed',
    sql: `
      ALTER TABLE log_drains ADD COLUMN url_digest TEXT;
      CREATE UNIQUE INDEX log_drains_app_url_digest ON log_drains (app_id, url_digest)
    `,
  },
  {
    // Heroku's build_stack: the stack the next build uses. NULL (apps made before) means the app's stack.
    version: 8,
    name: 'apps_build_stack',
    sql: `ALTER TABLE apps ADD COLUMN build_stack TEXT`,
  },
  {
    // Runtimes from Berth's runtime store a slug runs on (`["node@18.20.8"]`), filled before its dynos start.
    version: 9,
    name: 'slugs_runtimes',
    sql: `ALTER TABLE slugs ADD COLUMN runtimes TEXT NOT NULL DEFAULT '[]'`,
  },
  {
    // The stack each build ran on. Older builds take their slug's, else (failed ones) the app's build stack.
    version: 10,
    name: 'builds_stack',
    sql: `
      ALTER TABLE builds ADD COLUMN stack TEXT;
      UPDATE builds SET stack = (SELECT slugs.stack FROM slugs WHERE slugs.id = builds.slug_id);
      UPDATE builds SET stack = (SELECT COALESCE(apps.build_stack, apps.stack) FROM apps WHERE apps.id = builds.app_id) WHERE stack IS NULL
    `,
  },
  {
    // HTTPS (issue 17): certificates apps bring (SNI endpoints; the key sealed), the one a custom
    // domain is served with, and what Automated Certificate Management ordered for it (sealed key,
    // status, when to try again). ACME state is in the store so that several Berth nodes share it.
    version: 11,
    name: 'certificates',
    sql: `
      CREATE TABLE sni_endpoints (
        id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE, name TEXT NOT NULL UNIQUE,
        certificate_chain TEXT NOT NULL, private_key TEXT NOT NULL, cert_domains TEXT NOT NULL,
        subject TEXT NOT NULL, issuer TEXT NOT NULL, starts_at {timestamp} NOT NULL, expires_at {timestamp} NOT NULL,
        ca_signed {boolean} NOT NULL, created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL
      );
      ALTER TABLE domains ADD COLUMN sni_endpoint_id TEXT REFERENCES sni_endpoints(id) ON DELETE SET NULL;
      ALTER TABLE domains ADD COLUMN acm_status TEXT;
      ALTER TABLE domains ADD COLUMN acm_status_reason TEXT;
      ALTER TABLE domains ADD COLUMN acm_certificate_chain TEXT;
      ALTER TABLE domains ADD COLUMN acm_private_key TEXT;
      ALTER TABLE domains ADD COLUMN acm_expires_at {timestamp};
      ALTER TABLE domains ADD COLUMN acm_next_attempt_at {timestamp};
      ALTER TABLE domains ADD COLUMN acm_attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE domains ADD COLUMN acm_claimed_until {timestamp};
      ALTER TABLE apps ADD COLUMN acm {boolean} NOT NULL DEFAULT {false};
      CREATE TABLE acme_accounts (
        directory_url TEXT PRIMARY KEY, account_key TEXT NOT NULL, account_url TEXT, created_at {timestamp} NOT NULL
      );
      CREATE TABLE acme_challenges (
        token TEXT PRIMARY KEY, key_authorization TEXT NOT NULL, hostname TEXT NOT NULL, expires_at {timestamp} NOT NULL
      )
    `,
  },
  {
    // Release health (issue 18): what the router and the scheduler counted of each release, per
    // minute (ReleaseCounts as JSON, added to as the meter flushes), and each app's automatic
    // rollback settings.
    version: 12,
    name: 'release_health',
    sql: `
      CREATE TABLE release_metrics (
        app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE, release_version INTEGER NOT NULL, minute INTEGER NOT NULL,
        counts TEXT NOT NULL, PRIMARY KEY (app_id, release_version, minute)
      );
      CREATE TABLE auto_rollback (
        app_id TEXT PRIMARY KEY REFERENCES apps(id) ON DELETE CASCADE, settings TEXT NOT NULL, updated_at {timestamp} NOT NULL
      )
    `,
  },
  {
    // App webhooks (issue 18, part 3): subscriptions (URL, secret and Authorization sealed), the events
    // published to them and one delivery per event and webhook, queued here so they outlive a restart.
    // A delivery is claimed by one node at a time (`claimed_until`) while it is being attempted.
    // Version 12 belongs to per-release metrics; the migration runner applies missing versions in order.
    version: 13,
    name: 'app_webhooks',
    sql: `
      CREATE TABLE app_webhooks (
        id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        url TEXT NOT NULL, entities TEXT NOT NULL, level TEXT NOT NULL, secret TEXT NOT NULL, authorization_header TEXT,
        created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL
      );
      CREATE INDEX app_webhooks_app ON app_webhooks (app_id);
      CREATE TABLE app_webhook_events (
        id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        entity TEXT NOT NULL, payload TEXT NOT NULL, created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL
      );
      CREATE INDEX app_webhook_events_app ON app_webhook_events (app_id, created_at);
      CREATE TABLE app_webhook_deliveries (
        id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        event_id TEXT NOT NULL REFERENCES app_webhook_events(id) ON DELETE CASCADE,
        webhook_id TEXT NOT NULL REFERENCES app_webhooks(id) ON DELETE CASCADE,
        entity TEXT NOT NULL, status TEXT NOT NULL, num_attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at {timestamp}, claimed_until {timestamp},
        last_attempt_id TEXT, last_attempt_code INTEGER, last_attempt_error TEXT, last_attempt_status TEXT,
        last_attempt_at {timestamp}, created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL
      );
      CREATE INDEX app_webhook_deliveries_app ON app_webhook_deliveries (app_id, created_at);
      CREATE INDEX app_webhook_deliveries_due ON app_webhook_deliveries (status, next_attempt_at);
      CREATE INDEX app_webhook_deliveries_event ON app_webhook_deliveries (event_id)
    `,
  },
  {
    // Pipelines (issue 19): apps grouped by stage, and promotions of one app's release to others with
    // a status per target. A target keeps its app's id without a reference, so a promotion's record
    // outlives an app deleted since. Slugs stay with the app that built them (ADR 0015).
    version: 14,
    name: 'pipelines',
    sql: `
      CREATE TABLE pipelines (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, owner_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL
      );
      CREATE TABLE pipeline_couplings (
        id TEXT PRIMARY KEY, pipeline_id TEXT NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
        app_id TEXT NOT NULL UNIQUE REFERENCES apps(id) ON DELETE CASCADE, stage TEXT NOT NULL,
        created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL
      );
      CREATE INDEX pipeline_couplings_pipeline ON pipeline_couplings (pipeline_id);
      CREATE TABLE pipeline_promotions (
        id TEXT PRIMARY KEY, pipeline_id TEXT NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
        source_app_id TEXT NOT NULL, source_release_id TEXT NOT NULL, status TEXT NOT NULL,
        created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL
      );
      CREATE TABLE pipeline_promotion_targets (
        id TEXT PRIMARY KEY, promotion_id TEXT NOT NULL REFERENCES pipeline_promotions(id) ON DELETE CASCADE,
        app_id TEXT NOT NULL, release_id TEXT, status TEXT NOT NULL, error_message TEXT, position INTEGER NOT NULL
      );
      CREATE INDEX pipeline_promotion_targets_promotion ON pipeline_promotion_targets (promotion_id);
      CREATE INDEX releases_slug ON releases (slug_id)
    `,
  },
  {
    // App setups (issue 19, part 4): an app made from a tarball's app.json, its status, build and
    // postdeploy result. Version 14 belongs to pipelines; the runner applies missing versions in order.
    version: 15,
    name: 'app_setups',
    sql: `
      CREATE TABLE app_setups (
        id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        status TEXT NOT NULL, failure_message TEXT, build_id TEXT, postdeploy_exit_code INTEGER, postdeploy_output TEXT,
        success_url TEXT, created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL
      );
      CREATE INDEX app_setups_app ON app_setups (app_id)
    `,
  },
]

export function renderMigrations(types: DialectTypes): Migration[] {
  return MIGRATIONS.map((m) => ({ ...m, sql: m.sql.replace(/\{(\w+)\}/g, (_, key: keyof DialectTypes) => types[key]) }))
}
