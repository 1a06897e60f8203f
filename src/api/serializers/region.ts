import type { Region } from '../../core/apps/region.js'

const CREATED_AT = '2012-01-01T00:00:00Z'

/** Heroku's Region shape. The provider says where apps really run: on this Berth installation. */
export function serializeRegion(region: Region) {
  return {
    country: region.country,
    created_at: CREATED_AT,
    description: region.description,
    id: region.id,
    locale: region.locale,
    name: region.name,
    private_capable: false,
    provider: { name: 'berth', region: 'local' },
    updated_at: CREATED_AT,
  }
}
