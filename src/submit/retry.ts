// The retry policy: which failures are worth another attempt, how long to
// wait, and when to stop. Codes: tencent-cdn-api.md, "Error codes".
export type RetryClass = 'retry' | 'once' | 'final'

// 2.0: operation failed / internal / unavailable / system error / too often.
const RETRY_V2 = new Set([
  '5100',
  '6000',
  '6200',
  '9000',
  '-9011',
  '9163',
  '22063'
])
// 2.0: request expired / replay. A fresh Timestamp and Nonce may cure them
// once (a slow network); a second time means the clock is off.
const ONCE_V2 = new Set(['4200', '4500'])
const RETRY_V3_PREFIXES = ['RequestLimitExceeded', 'InternalError']
const RETRY_V3 = new Set(['UnauthorizedOperation.OperationTooOften'])
// Our own codes for answers that are not the API's word.
const RETRY_TRANSPORT = new Set([
  'timeout',
  'network',
  'unexpected answer',
  'HTTP 429'
])

export function retryClass(code: string): RetryClass {
  if (/^HTTP 5\d\d$/.test(code)) return 'retry'
  if (RETRY_TRANSPORT.has(code) || RETRY_V2.has(code) || RETRY_V3.has(code)) {
    return 'retry'
  }
  if (RETRY_V3_PREFIXES.some(prefix => code.startsWith(prefix))) return 'retry'
  return ONCE_V2.has(code) ? 'once' : 'final'
}

/**
 * Backoff: 1 s doubling to a cap of 8 s. 1 s clears the 3.0 rate window
 * (20 requests per second) and gives a "too frequent" answer (9163, 22063)
 * room; past 8 s an outage is not a blip, and the budget below decides.
 */
export const BACKOFF_BASE_MS = 1000
export const BACKOFF_CAP_MS = 8000
/** A Retry-After longer than this is not waited for: the batch fails. */
export const RETRY_AFTER_CAP_MS = 30_000
/**
 * No attempt starts more than 120 s after the submit began, so a step ends
 * within about 120 s + timeout-ms however many retries were asked for.
 */
export const RUN_BUDGET_MS = 120_000

/**
 * Equal jitter: half the step fixed, half random. The five concurrent
 * batches then spread out, yet none retries at once.
 */
export function backoffMs(retryNumber: number, random: () => number): number {
  const step = Math.min(
    BACKOFF_CAP_MS,
    BACKOFF_BASE_MS * 2 ** (retryNumber - 1)
  )
  return Math.round(step / 2 + (random() * step) / 2)
}

/** Retry-After as delay-seconds or an HTTP date; undefined when unusable. */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number
): number | undefined {
  const text = value?.trim() ?? ''
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

export interface RetryState {
  /** Retries done so far for this batch. */
  retries: number
  /** Whether the single retry of a 4200/4500 was spent. */
  onceUsed: boolean
}

export interface RetryInput {
  retry: RetryClass
  retryAfterMs?: number
  maxRetries: number
  /** ms from the start of the submit to now. */
  elapsedMs: number
  random: () => number
}

export type Decision =
  | { retry: true; delayMs: number }
  /** reason: why a retryable failure was not retried, when not obvious. */
  | { retry: false; reason?: string }

export function decide(state: RetryState, input: RetryInput): Decision {
  if (input.retry === 'final') return { retry: false }
  if (state.retries >= input.maxRetries) return { retry: false }
  if (input.retry === 'once' && state.onceUsed) return { retry: false }

  const backoff = backoffMs(state.retries + 1, input.random)
  const asked = input.retryAfterMs ?? 0
  if (asked > RETRY_AFTER_CAP_MS) {
    const seconds = Math.ceil(asked / 1000)
    return { retry: false, reason: `the API asked to wait ${seconds} s` }
  }
  const delayMs = Math.max(backoff, asked)
  if (input.elapsedMs + delayMs > RUN_BUDGET_MS) {
    const budget = RUN_BUDGET_MS / 1000
    return { retry: false, reason: `stopped retrying: ${budget} s budget used` }
  }
  return { retry: true, delayMs }
}
