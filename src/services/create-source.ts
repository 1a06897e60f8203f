import { issueCapability, type CapabilityHolder } from './capability.js'
import type { ServiceDeps } from './service-deps.js'

/** A place to upload source for the Build API, with a token to upload it and one to read it back. */
export interface Source {
  id: string
  putToken: string
  getToken: string
}

/**
 * `POST /sources`: a new upload slot; the edge turns it into a put_url and a get_url. A source
 * belongs to no app yet, so its URLs are bound to the caller's account and token only.
 */
export function createSource(deps: Pick<ServiceDeps, 'credentials' | 'clock' | 'limits' | 'newId'>, holder: CapabilityHolder): Source {
  const id = deps.newId()
  const token = (method: 'GET' | 'PUT') => issueCapability(deps, holder, { resource: 'source', id, method, appId: null })
  return { id, putToken: token('PUT'), getToken: token('GET') }
}
