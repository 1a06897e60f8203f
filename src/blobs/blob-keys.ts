/** The one place blob keys are spelled, so writers, readers and sweepers agree. */
export const blobKeys = {
  slug: (slugId: string): string => `slugs/${slugId}.tgz`,
  source: (sourceId: string): string => `sources/${sourceId}.tgz`,
  buildOutput: (buildId: string): string => `builds/${buildId}.log`,
  releaseOutput: (releaseId: string): string => `releases/${releaseId}.log`,
}
