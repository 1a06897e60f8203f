export const ADJECTIVES = [
  'amber', 'brave', 'calm', 'dapper', 'eager', 'fancy', 'gentle', 'happy', 'icy', 'jolly',
  'keen', 'lively', 'mellow', 'nimble', 'polar', 'quiet', 'rapid', 'shaped', 'sunny', 'tidy',
  'vast', 'warm', 'young', 'zesty', 'bold', 'crisp', 'dusty', 'frosty', 'lucky', 'misty',
]
const NOUNS = [
  'anchor', 'harbor', 'reef', 'tide', 'keel', 'mast', 'cove', 'dock', 'pier', 'buoy',
  'lagoon', 'island', 'ocean', 'river', 'delta', 'canyon', 'meadow', 'forest', 'summit', 'valley',
  'beacon', 'comet', 'falcon', 'otter', 'heron', 'maple', 'cedar', 'willow', 'breeze', 'dune',
]

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T
}

/** A Heroku-style name such as `brave-harbor-4821`; the caller retries on a clash. */
export function generateAppName(random: () => number): string {
  const digits = String(Math.floor(random() * 9000) + 1000)
  return `${pick(ADJECTIVES, random)}-${pick(NOUNS, random)}-${digits}`
}
