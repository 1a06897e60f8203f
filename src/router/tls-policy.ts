import type { SecureContextOptions } from 'node:tls'

// TLS 1.3's suites (Node's defaults), then TLS 1.2 with ECDHE key exchange and AEAD ciphers only:
// Mozilla's "intermediate" profile. Listing the 1.3 suites matters: without them Node turns 1.3 off.
const CIPHERS = [
  'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
].join(':')

/**
 * What the router's TLS offers clients: TLS 1.2 and 1.3 only, forward-secret AEAD ciphers. Set on the
 * listener and on every certificate's context alike, since OpenSSL takes some settings from the one
 * and some from the other once SNI has picked a certificate.
 */
export const TLS_POLICY = {
  minVersion: 'TLSv1.2',
  ciphers: CIPHERS,
} as const satisfies SecureContextOptions

/** HTTP/1.1 only: the router's request path is `node:http`'s. A client offering only `h2` is refused. */
export const ALPN_PROTOCOLS = ['http/1.1']
