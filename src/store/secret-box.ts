import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'

const VERSION = 'v1'

/**
 * AES-256-GCM for values at rest (config vars, add-on config, drain URLs). The output is
 * `v1.<iv>.<tag>.<ciphertext>` in base64url, so a key or format change later
 * can be told apart. Tampering makes `open` throw.
 */
export class SecretBox {
  readonly #key: Buffer
  readonly #digestKey: Buffer

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the secret key must be 32 bytes')
    this.#key = key
    // A key of its own for digests, so the cipher's key is never used for anything else.
    this.#digestKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'berth secret-box digest v1', 32))
  }

  /**
   * A keyed digest (HMAC-SHA256) of a secret: equal for equal values, so a unique index can compare
   * sealed values, yet no guess can be checked against it without the key.
   */
  digest(plaintext: string): string {
    return createHmac('sha256', this.#digestKey).update(plaintext, 'utf8').digest('base64url')
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return [VERSION, iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.')
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.')
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
      throw new Error('unrecognised sealed value')
    }
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
  }

  sealJson(value: unknown): string {
    return this.seal(JSON.stringify(value))
  }

  openJson<T>(sealed: string): T {
    return JSON.parse(this.open(sealed)) as T
  }
}
