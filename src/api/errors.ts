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

// Fastify's own errors (bad JSON, oversized bodies, unknown content types) become Platform errors.
const FASTIFY_ERRORS: Record<string, [ErrorId, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'Request body is too large (the limit is 1 MB).'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['bad_request', 'Content-Length does not match the body.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['bad_request', 'Send the request body as JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['bad_request', 'Request body is empty.'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['bad_request', 'Request body is not valid JSON.'],
}

/** Maps any thrown value to a PlatformError, or null when it is an unexpected failure. */
export function toPlatformError(error: unknown): PlatformError | null {
  if (error instanceof PlatformError) return error
  const code = (error as { code?: string } | null)?.code
  const known = code === undefined ? undefined : FASTIFY_ERRORS[code]
  if (known) return new PlatformError(known[0], known[1])
  if (error instanceof SyntaxError && 'statusCode' in error) return new PlatformError('bad_request', 'Request body is not valid JSON.')
  return null
}
