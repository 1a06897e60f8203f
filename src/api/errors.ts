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

// Fastify's own errors (a malformed URL, an oversized body) carry a 4xx status; they keep it.
const BY_STATUS: Record<number, ErrorId> = {
  400: 'bad_request', 404: 'not_found', 406: 'not_acceptable', 413: 'payload_too_large', 415: 'bad_request', 416: 'requested_range_not_satisfiable',
}

/** Maps any thrown value to a PlatformError, or null when it is an unexpected failure. */
export function toPlatformError(error: unknown): PlatformError | null {
  if (error instanceof PlatformError) return error
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  const id = typeof status === 'number' ? BY_STATUS[status] : undefined
  return id ? new PlatformError(id, (error as Error).message) : null
}
