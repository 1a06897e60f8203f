/** A size the way Heroku's build output prints it: `512B`, `12.3K`, `45.6M`, `1.2G`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}K`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)}M`
  return `${(bytes / 1024 ** 3).toFixed(1)}G`
}
