/** An immutable, content-addressed build artifact and what it declares. */
export interface Slug {
  id: string
  appId: string
  processTypes: Readonly<Record<string, string>>
  commit: string | null
  commitDescription: string | null
  buildpackProvidedDescription: string | null
  stack: string
  checksum: string | null
  sizeBytes: number | null
  createdAt: Date
  updatedAt: Date
  /** Set when retention removed the slug's archive. */
  deletedAt: Date | null
}
