/** The one place blob keys are spelled, so writers, readers and sweepers agree. */
export const blobKeys = {
  slug: (slugId: string): string => `slugs/${slugId}.tgz`,
  /** Where one upload to a slug's blob URL lands before the store accepts it. */
  slugUpload: (slugId: string, uploadId: string): string => `slug-uploads/${slugId}/${uploadId}.tgz`,
  source: (sourceId: string): string => `sources/${sourceId}.tgz`,
  buildOutput: (buildId: string): string => `builds/${buildId}.log`,
  releaseOutput: (releaseId: string): string => `releases/${releaseId}.log`,
}
