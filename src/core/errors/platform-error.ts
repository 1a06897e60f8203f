/**
 * The closed set of error ids Berth returns. It starts from the Heroku Platform
 * API's ids so the official CLI prints them unchanged; docs/api.md lists the
 * same set and a test keeps the two equal.
 */
export const ERROR_IDS = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'not_acceptable',
  'conflict',
  'payload_too_large',
  'requested_range_not_satisfiable',
  'invalid_params',
  'confirmation_required',
  'rate_limit',
  'internal_error',
  'unavailable',
] as const

export type ErrorId = (typeof ERROR_IDS)[number]

export interface PlatformErrorOptions {
  cause?: unknown
  /** Heroku compat: not_found bodies name the resource (`app`, `release`, `add_on`…). */
  resource?: string
}

/** The one error type of the domain; the API edge turns it into `{id, message}` and a status. */
export class PlatformError extends Error {
  readonly id: ErrorId
  readonly resource: string | undefined

  constructor(id: ErrorId, message: string, options: PlatformErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'PlatformError'
    this.id = id
    this.resource = options.resource
  }
}

/** A not_found error for a resource, with Heroku's wording. */
export function notFound(resource: string, noun = resource): PlatformError {
  return new PlatformError('not_found', `Couldn't find that ${noun}.`, { resource })
}
