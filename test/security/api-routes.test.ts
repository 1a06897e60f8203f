import assert from 'node:assert/strict'
import { it } from 'node:test'
import { API_ROUTES, declaredRoutes } from '../support/api-routes.js'

it('the security suite knows every route the API port serves', () => {
  assert.deepEqual([...API_ROUTES].sort(), declaredRoutes().sort())
})
