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
  /** Runtimes from Berth's runtime store it runs on (`node@18.20.8`), filled on any machine before its dynos start. */
  runtimes: readonly string[]
  createdAt: Date
  updatedAt: Date
  /** Set when retention removed the slug's archive. */
  deletedAt: Date | null
}
