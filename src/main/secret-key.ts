import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'

/** The config var encryption key: from the environment, else the data dir, else made now (mode 0600). */
export function loadOrCreateSecretKey(fromEnv: Buffer | null, path: string): Buffer {
  if (fromEnv) return fromEnv
  try {
    return Buffer.from(readFileSync(path, 'utf8').trim(), 'hex')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const key = randomBytes(32)
  writeFileSync(path, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' })
  return key
}
