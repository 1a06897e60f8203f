import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import type { Credentials } from './credentials.js'

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>
const SCRYPT = { N: 16384, r: 8, p: 1 }

/** Credentials from node:crypto: sha256 for tokens, scrypt (N=2^14) for passwords. */
export const nodeCredentials: Credentials = {
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
