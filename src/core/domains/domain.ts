/** A custom hostname routed to an app (the `<app>.<domain>` one is implied). */
export interface CustomDomain {
  id: string
  appId: string
  hostname: string
  createdAt: Date
  updatedAt: Date
}
