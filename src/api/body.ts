import { PlatformError } from '../core/errors/platform-error.js'

/** Request bodies are `unknown` until these readers have checked them. */
export type JsonObject = Record<string, unknown>

export function objectBody(body: unknown): JsonObject {
  if (body === undefined || body === null) return {}
  if (typeof body !== 'object' || Array.isArray(body)) throw new PlatformError('bad_request', 'Request body must be a JSON object.')
  return body as JsonObject
}

export function optionalString(body: JsonObject, key: string): string | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new PlatformError('invalid_params', `${key} must be a string.`)
  return value
}

export function optionalBoolean(body: JsonObject, key: string): boolean | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw new PlatformError('invalid_params', `${key} must be true or false.`)
  return value
}

export function optionalInteger(body: JsonObject, key: string): number | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new PlatformError('invalid_params', `${key} must be an integer.`)
  return value
}

export function optionalObject(body: JsonObject, key: string): JsonObject | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) throw new PlatformError('invalid_params', `${key} must be an object.`)
  return value as JsonObject
}
