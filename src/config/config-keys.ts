/**
 * Every environment variable Berth reads, declared once, with what it means. docs/config.md lists
 * the same names with the same text, and a test keeps the two equal.
 */
export const CONFIG_KEYS = {
  BERTH_DATA_DIR: 'Where Berth keeps its SQLite database, keys, git repositories and slug archives. Default `~/.berth`. Created with mode 0700; builds and dynos never see it.',
  BERTH_HOST: 'Address the API listens on. Default `127.0.0.1`.',
  BERTH_API_PORT: 'Port of the API, git (smart HTTP, and TLS on the same port) and the dashboard. Default `5000`; `0` picks a free port.',
  BERTH_PUBLIC_URL: 'The API URL users reach, used in `git_url`. Default `http://<BERTH_HOST>:<port>`.',
  BERTH_DATABASE_URL: 'Empty for SQLite (`<data dir>/berth.db`, WAL mode); `postgres://…` selects PostgreSQL. Migrations run at start.',
  BERTH_SECRET_KEY: 'The 32-byte key (64 hex characters or base64) that encrypts config vars at rest with AES-256-GCM. Default: generated into `<data dir>/secret.key` (mode 0600). Losing it loses every config var.',
  BERTH_ADMIN_EMAIL: 'Email of the admin account created on first start. Default `admin@berth.local`.',
  BERTH_ADMIN_API_KEY: 'Use this API key for the admin instead of generating one (automation). If the admin exists and the key is unknown, it is added as another of the admin\'s tokens.',
  BERTH_ADMIN_PASSWORD: 'Password of the admin account created on first start, for password login (`POST /oauth/authorizations`).',
  BERTH_RENDEZVOUS_PORT: 'Port, on `BERTH_HOST`, where attached one-off dynos (`heroku run`) meet their client over TLS with the local CA\'s certificate (Heroku\'s rendezvous protocol). Default `5001`; `0` picks a free port.',
  BERTH_ROUTER_PORT: 'Port of the HTTP router, on `BERTH_HOST`; also used in app `web_url`s. Default `8080`; `0` picks a free port.',
  BERTH_DYNO_PORTS: 'The range web dynos get their `$PORT` from, as `first-last`. Keep it outside the kernel\'s ephemeral range (`/proc/sys/net/ipv4/ip_local_port_range`, 32768-60999 on Linux), where outgoing connections take their local ports and could take a port a dyno is about to bind. Ports are handed out in turn and skipped when something listens on them. Default `20000-29999`.',
  BERTH_DOMAIN: 'Apps are served at `<app>.<domain>`. Default `localhost`.',
  BERTH_RATE_LIMIT: 'API requests per account per hour (token bucket). Default `4500`; `0` disables.',
  BERTH_WORK_DIR: 'Where builds unpack and compile, and where per-app build caches live. It is outside the data dir on purpose: builds run as an unprivileged user that must reach its workspace but never the data dir. Created 0711 (traversable, not listable); each build\'s workspace is private. Default `<tmp>/berth-work`.',
  BERTH_SANDBOX: '`auto` uses bubblewrap when it can create a sandbox on this machine and warns otherwise; `bwrap` refuses to start without it; `none` turns it off. Default `auto`.',
  BERTH_DYNO_NETWORK: 'Where dynos and builds get their network. `auto` gives each a network namespace of its own, addresses from `10.213.0.0/16`, when Berth runs as root with iproute2 (`ip`, `nsenter`) and nftables (`nft`), and warns and uses the host\'s network otherwise. An IPv4 range such as `10.99.0.0/16` does the same from that range and refuses to start without it; `host` turns the fence off. Fenced dynos are reachable only by the router, reach the outside world through NAT, and reach nothing on the host but their own add-ons\' servers (see `docs/security.md`). Default `auto`.',
  BERTH_BUILD_TIMEOUT: 'Seconds a build may take before it is killed. Default `900` (15 minutes).',
  BERTH_MAX_SLUG_SIZE: 'Largest compressed slug, in MB. Default `500`.',
  BERTH_MAX_SOURCE_SIZE: 'Largest source, in MB: an unpacked push or uploaded tarball, an uploaded tarball itself, and the git repository. Default `1024`.',
  BERTH_RUNTIMES_DIR: 'A directory of language runtimes the operator provides, laid out as `<language>/<version>/` (for example `python/3.12.4/bin/python3`, `java/21/bin/java`). Builds and dynos see it read-only at `/runtimes`, and buildpacks look there before the toolchains installed on the machine. Add versions, never remove one a release still uses. Default: none.',
  BERTH_RUNTIME_STORE: 'Where Berth keeps the language runtimes it downloads itself (Node.js versions the machine lacks, from the npm registry, checked against the registry\'s integrity hash), one copy for every app. Builds and dynos see it read-only at `/runtime-store`; a slug records the runtimes it uses, and a store that lost one (a wiped disk, another machine) is filled again before the slug\'s dynos start. Default: `runtime-store` in BERTH_WORK_DIR.',
  BERTH_BUILDPACK_PATHS: 'Colon-separated directories that local-path buildpacks may come from. Default: none, so only built-in and git URL buildpacks can be used. Never list the data dir.',
  BERTH_KEEP_RELEASES: 'Slugs used by the current release or by any of the newest this-many releases are never collected; older ones are deleted and their releases become `expired`. Default `100`.',
  BERTH_BOOT_TIMEOUT: 'Seconds a web dyno has to bind `$PORT` (and pass its health check, if the app sets `BERTH_HEALTH_CHECK_PATH`) before `R10` and a failed release. Default `60`.',
  BERTH_STOP_TIMEOUT: 'Seconds between SIGTERM and SIGKILL when a dyno stops (`R12`), and the longest a drain waits for in-flight requests. Default `30`.',
  BERTH_CRASH_COOLOFF: 'Seconds in one step of the crash cool-off: a crashed dyno restarts at once the first time, then after 1, 2, 3, 9 and 16 steps (Heroku: 20, 40, 60, 180, 320 minutes). Default `1200`.',
  BERTH_ROUTER_TIMEOUT: 'Seconds the router waits for the first byte of a dyno\'s response before answering `H12` (503); the dyno keeps running the request. Default `30`, as on Heroku.',
  BERTH_RELEASE_PHASE_TIMEOUT: 'Seconds the release phase may take before it is killed and the release fails. Default `3600`.',
  BERTH_DRAIN_BUFFER: 'Log lines each drain keeps while its receiver is unreachable; beyond that lines are dropped and the receiver later gets an `L10` line saying how many. Default `10000`.',
  BERTH_DRAIN_CA_FILE: 'A PEM file of extra CA certificates to trust for TLS drains (`syslog+tls://`, `https://`), such as an internal CA. Default: the system CAs only.',
  BERTH_OUTBOUND_ALLOW: 'Internal networks that destinations users choose (log drains today, webhooks later) may reach anyway, as CIDRs separated by commas: `10.0.5.0/24, fd00:5::/64`, or a bare address for one host. Without it Berth connects for users only to public addresses: never to loopback, private (RFC 1918), CGNAT (`100.64.0.0/10`), link-local (`169.254.0.0/16`, where cloud metadata lives), unique-local, multicast, reserved or documentation ranges, nor to an IPv6 address that embeds such an IPv4 one (`::ffff:127.0.0.1`). It is checked when a drain is added and again at every connection, against the address actually connected to. Default: none.',
  BERTH_ADDON_POSTGRES_URL: 'Admin URL of the PostgreSQL server that `berth-postgresql` add-ons are created on. Its role needs `CREATEROLE` and `CREATEDB`. Apps get this URL\'s host and port in `DATABASE_URL`, so use an address dynos can reach. Default `postgres://postgres@127.0.0.1:5432/postgres`; `off` disables the service (creating one then answers 503).',
  BERTH_ADDON_REDIS_URL: 'Admin URL (`redis://[user:password@]host:port`) of the Redis server (6 or later, for ACLs) that `berth-redis` add-ons are created on. Its user needs the `ACL` commands. Default `redis://127.0.0.1:6379`; `off` disables the service.',
  BERTH_CAPABILITY_TTL: 'Seconds a capability URL stays usable after the API hands it out: slug `blob.url`s, source `put_url`/`get_url`, build and release `output_stream_url`s, log sessions\' `logplex_url`. Each grants one method on one object and stops working earlier if its account loses access to the app or the API token it was issued through is deleted (see `docs/api.md`). A stream already open keeps going until access is revoked. Default `3600` (1 hour).',
  BERTH_LOG_LEVEL: 'Server log level: `fatal`, `error`, `warn`, `info`, `debug`. Default `info`. Logs are JSON (pino) with tokens and passwords redacted.',
} as const

export type ConfigKey = keyof typeof CONFIG_KEYS
