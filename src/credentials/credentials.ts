/** Generating and hashing secrets: API tokens are stored hashed, passwords with a slow KDF. */
export interface Credentials {
  newToken(): string
  /** A fast, deterministic digest: tokens are long random strings, so lookups can use it. */
  hashToken(token: string): string
  hashPassword(password: string): Promise<string>
  verifyPassword(password: string, hash: string): Promise<boolean>
  /** An unforgeable tag for capability URLs (source uploads, log sessions). */
  sign(value: string): string
  verifySignature(value: string, signature: string): boolean
}
