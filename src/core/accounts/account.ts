/** A person (or automation) that can sign in and own apps. */
export interface Account {
  id: string
  email: string
  name: string | null
  isAdmin: boolean
  createdAt: Date
  updatedAt: Date
}

/** Who caused a change; add-on providers act as `<service>@addons.berth.local`. */
export interface Actor {
  id: string | null
  email: string
}

export function actorOf(account: Account): Actor {
  return { id: account.id, email: account.email }
}
