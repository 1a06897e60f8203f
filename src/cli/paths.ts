import { encode } from './api-client.js'

/** `/apps/<app>` with the name escaped; every app route starts here. */
export function appPath(app: string, rest = ''): string {
  return `/apps/${encode(app)}${rest}`
}
