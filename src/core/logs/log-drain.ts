/** Where an app's log lines are also delivered (syslog or HTTPS). */
export interface LogDrain {
  id: string
  appId: string
  url: string
  /** `d.<uuid>`: how the drain's receiver tells this app's lines apart. */
  token: string
  createdAt: Date
  updatedAt: Date
}
