/**
 * Every environment variable Berth reads, declared once. docs/config.md lists
 * the same names, and a test keeps the two in step.
 */
export const CONFIG_KEYS = {
  BERTH_DATA_DIR: 'Where Berth keeps its SQLite database, keys and (later) repositories and slugs. Default `~/.berth`.',
  BERTH_HOST: 'Address the API listens on. Default `127.0.0.1`.',
  BERTH_API_PORT: 'Port of the API (and later git and the dashboard). Default `5000`; `0` picks a free port.',
  BERTH_PUBLIC_URL: 'The API URL users reach, used in `git_url`. Default `http://<BERTH_HOST>:<port>`.',
  BERTH_DATABASE_URL: 'Empty for SQLite in the data dir; `postgres://…` selects PostgreSQL.',
  BERTH_SECRET_KEY: 'The 32-byte key (64 hex characters or base64) that encrypts config vars at rest. Default: generated into `<data dir>/secret.key`.',
  BERTH_ADMIN_EMAIL: 'Email of the admin account created on first start. Default `admin@berth.local`.',
  BERTH_ADMIN_API_KEY: 'Use this API key for the admin instead of generating one (automation).',
  BERTH_ADMIN_PASSWORD: 'Password of the admin account created on first start, for `POST /oauth/authorizations`.',
  BERTH_RENDEZVOUS_PORT: 'Port where attached one-off dynos (`heroku run`) meet their client over TLS. Default `5001`; `0` picks a free port.',
  BERTH_ROUTER_PORT: 'Port of the HTTP router; used in app `web_url`s. Default `8080`; `0` picks a free port.',
  BERTH_DYNO_PORTS: 'The range web dynos get their `$PORT` from, `first-last`, outside the kernel\'s ephemeral range (Linux: 32768-60999). Default `20000-29999`.',
  BERTH_DOMAIN: 'Apps are served at `<app>.<domain>`. Default `localhost`.',
  BERTH_RATE_LIMIT: 'API requests per account per hour (token bucket). Default `4500`; `0` disables.',
  BERTH_WORK_DIR: 'Where builds unpack and compile, and where build caches live. Outside the data dir, because the unprivileged build user must reach it. Default `<tmp>/berth-work`.',
  BERTH_SANDBOX: '`auto` (bubblewrap when it works here), `bwrap` (required: refuse to start without it) or `none`. Default `auto`.',
  BERTH_DYNO_NETWORK: 'Where dynos and builds get their network: `auto` (a network namespace of its own for each, with addresses from `10.213.0.0/16`, when Berth runs as root with iproute2 and nftables; the host\'s network otherwise, with a warning), an IPv4 CIDR such as `10.99.0.0/16` (namespaces from that range, required: refuse to start without them) or `host` (the host\'s network, no fence). Default `auto`.',
  BERTH_BUILD_TIMEOUT: 'Seconds a build may take. Default `900` (15 minutes).',
  BERTH_MAX_SLUG_SIZE: 'Largest compressed slug, in MB. Default `500`.',
  BERTH_MAX_SOURCE_SIZE: 'Largest source (an unpacked push or an uploaded tarball, and the repository), in MB. Default `1024`.',
  BERTH_BUILDPACK_PATHS: 'Colon-separated directories that local-path buildpacks may come from. Default: none (only built-in and git URL buildpacks).',
  BERTH_KEEP_RELEASES: 'Slugs used by the current release or any of the newest this-many releases are never collected. Default `100`.',
  BERTH_BOOT_TIMEOUT: 'Seconds a web dyno has to bind $PORT (and pass its health check) before R10. Default `60`.',
  BERTH_STOP_TIMEOUT: 'Seconds between SIGTERM and SIGKILL when a dyno stops (R12). Default `30`.',
  BERTH_CRASH_COOLOFF: 'Seconds in one step of the crash cool-off (Heroku: 20 minutes; later steps are 2, 3, 9 and 16 times that). Default `1200`.',
  BERTH_ROUTER_TIMEOUT: 'Seconds the router waits for the first byte of a response before H12. Default `30`.',
  BERTH_RELEASE_PHASE_TIMEOUT: 'Seconds the release phase may take. Default `3600`.',
  BERTH_DRAIN_BUFFER: 'Log lines each drain keeps while its receiver is unreachable; beyond it lines drop and L10 says so. Default `10000`.',
  BERTH_DRAIN_CA_FILE: 'A PEM file of extra CA certificates to trust for TLS drains (syslog+tls://, https://). Default: the system CAs only.',
  BERTH_OUTBOUND_ALLOW: 'Internal networks (CIDRs, comma-separated) that user-chosen destinations such as log drains may reach anyway, e.g. `10.0.5.0/24`. Default: none; only public addresses.',
  BERTH_ADDON_POSTGRES_URL: 'Admin URL of the PostgreSQL server `berth-postgresql` add-ons are made on (its role needs CREATEROLE and CREATEDB); apps get its host and port. Default `postgres://postgres@127.0.0.1:5432/postgres`; `off` disables the service.',
  BERTH_ADDON_REDIS_URL: 'Admin URL of the Redis server (6 or later, with ACLs) `berth-redis` add-ons are made on. Default `redis://127.0.0.1:6379`; `off` disables the service.',
  BERTH_CAPABILITY_TTL: 'Seconds a capability URL (slug and source uploads and downloads, build and release output, log sessions) stays usable after it is issued. Default `3600`.',
  BERTH_LOG_LEVEL: 'Server log level: `fatal`, `error`, `warn`, `info`, `debug`. Default `info`.',
} as const

export type ConfigKey = keyof typeof CONFIG_KEYS
