import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import type { Credentials } from './credentials.js'

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>
const SCRYPT = { N: 16384, r: 8, p: 1 }

/**
 * Credentials from node:crypto: sha256 for tokens, scrypt (N=2^14) for
 * passwords, HMAC-SHA256 with a key derived from the data dir's secret for
 * capability URLs.
 */
export function createNodeCredentials(secret: Buffer): Credentials {
  const signingKey = createHmac('sha256', secret).update('berth capability urls').digest()
  const sign = (value: string) => createHmac('sha256', signingKey).update(value).digest('base64url')
  return {
    ...passwordsAndTokens,
    sign,
    verifySignature(value, signature) {
      const expected = Buffer.from(sign(value))
      const given = Buffer.from(signature)
      return expected.length === given.length && timingSafeEqual(expected, given)
    },
  }
}

const passwordsAndTokens: Omit<Credentials, 'sign' | 'verifySignature'> = {
  newToken: () => `berth_${randomBytes(32).toString('base64url')}`,

  hashToken: (token) => createHash('sha256').update(token).digest('hex'),

  async hashPassword(password) {
    const salt = randomBytes(16)
    const key = await scryptAsync(password, salt, 32, SCRYPT)
    return `scrypt$${SCRYPT.N}$${salt.toString('base64url')}$${key.toString('base64url')}`
  },

  async verifyPassword(password, hash) {
    const [scheme, n, salt, expected] = hash.split('$')
    if (scheme !== 'scrypt' || !n || !salt || !expected) return false
    const wanted = Buffer.from(expected, 'base64url')
    const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), wanted.length, { ...SCRYPT, N: Number(n) })
    return timingSafeEqual(key, wanted)
  },
}
