import { PlatformError } from '../errors/platform-error.js'

// Heroku compat: the schema's pattern for a pipeline name.
const PIPELINE_NAME = /^[a-z][a-z0-9-]{2,29}$/

export function parsePipelineName(value: unknown): string {
  if (typeof value !== 'string' || !PIPELINE_NAME.test(value)) {
    throw new PlatformError('invalid_params', 'Pipeline name must start with a letter and have 3 to 30 lowercase letters, digits and dashes.')
  }
  return value
}
