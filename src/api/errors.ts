import type { ErrorId } from '../core/errors/platform-error.js'
import { PlatformError } from '../core/errors/platform-error.js'

/** The HTTP status of every error id; the compiler insists each id has one. */
export const ERROR_STATUS: Record<ErrorId, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  not_acceptable: 406,
  conflict: 409,
  payload_too_large: 413,
  requested_range_not_satisfiable: 416,
  invalid_params: 422,
  confirmation_required: 422,
  rate_limit: 429,
  internal_error: 500,
  unavailable: 503,
}

export interface ErrorBody {
  id: ErrorId
  message: string
  resource?: string
}

export function errorBody(error: PlatformError): ErrorBody {
  return error.resource === undefined
    ? { id: error.id, message: error.message }
    : { id: error.id, message: error.message, resource: error.resource }
}

// Fastify's own errors (a malformed URL, an oversized body) carry a 4xx status; they keep it,
// and any other 4xx of theirs is a bad request.
const BY_STATUS: Record<number, ErrorId> = {
  400: 'bad_request', 404: 'not_found', 406: 'not_acceptable', 413: 'payload_too_large', 415: 'bad_request', 416: 'requested_range_not_satisfiable',
}

/** Maps any thrown value to a PlatformError, or null when it is an unexpected failure. */
export function toPlatformError(error: unknown): PlatformError | null {
  if (error instanceof PlatformError) return error
  const { statusCode: status, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown }
  // A path segment longer than the router takes names nothing that exists (Fastify says 414).
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return new PlatformError('not_found', `The requested API endpoint was not found: a path segment is over ${MAX_PARAM_LENGTH} characters.`)
  }
  if (typeof status !== 'number') return null
  const id = BY_STATUS[status] ?? (status >= 400 && status < 500 ? 'bad_request' : undefined)
  return id ? new PlatformError(id, (error as Error).message) : null
}

/**
 * The longest path segment the router matches. Long enough for anything a path may name: an
 * email (254), a hostname (253), or a drain's URL-encoded URL (`drains:remove URL`).
 */
export const MAX_PARAM_LENGTH = 2048
