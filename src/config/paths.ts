import { join } from 'node:path'

/** The files Berth keeps in its data dir. Dynos and builds must never see this folder. */
export function dataPaths(dataDir: string) {
  return {
    database: join(dataDir, 'berth.db'),
    secretKey: join(dataDir, 'secret.key'),
    adminApiKey: join(dataDir, 'admin-api-key'),
    blobs: join(dataDir, 'blobs'),
    repos: join(dataDir, 'repos'),
    tls: join(dataDir, 'tls'),
    /** Records of the network namespaces this server made, removed at the next start if it was killed. */
    namespaces: join(dataDir, 'netns'),
  }
}
