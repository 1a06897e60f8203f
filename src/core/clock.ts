/** The only way core and services learn the time, so tests can pin it. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }
