// Everything the submit stage takes from the outside world, injected so
// tests can give it a fake fetch, clock, nonce and sleep.
import { randomInt } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import fetch from 'node-fetch'
import type { Logger } from '../types'
import type { FetchLike } from './http'

export interface SubmitDeps {
  fetch: FetchLike
  /** ms since the epoch. */
  now: () => number
  /** A positive integer, never reused. */
  nonce: () => number
  sleep: (ms: number) => Promise<void>
  /** [0, 1), for jitter. */
  random: () => number
  log: Logger
}

// 2^31 - 1: the largest Nonce a signed 32-bit parser on the far side takes.
const NONCE_MAX = 2 ** 31 - 1

export function defaultDeps(log: Logger): SubmitDeps {
  return {
    fetch,
    now: () => Date.now(),
    nonce: () => randomInt(1, NONCE_MAX),
    sleep: async ms => {
      await delay(ms)
    },
    random: () => Math.random(),
    log
  }
}
