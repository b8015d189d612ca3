// The submit stage: send the planned batches, concurrently, each with its
// own retries, and gather one result per batch in batch order.
import type { BatchResult, Settings, Submission } from '../types'
import { type BatchJob, resultLine, runBatch } from './batch'
import { describeQuota, type Quota } from './client-v3'
import type { SubmitDeps } from './deps'
import { hintFor } from './hints'
import { redact, secretsOf } from './text'

export { defaultDeps } from './deps'
export type { SubmitDeps } from './deps'
export type { FetchInit, FetchLike, HttpResponseLike } from './http'
export { describeQuota }
export type { Quota }

/**
 * At most 5 batches in flight: 100 dirs a day at 20 per call is 5 calls, a
 * whole day's quota in one round, and far below 3.0's 20 requests a second.
 */
export const MAX_CONCURRENT = 5

/** Answers that mean no batch can succeed today. */
const DAY_QUOTA_CODES = new Set([
  '22046',
  'LimitExceeded.CdnPurgePathExceedDayLimit'
])

interface QuotaStop {
  batch: number
  code: string
}

/** Runs `work(i)` for i in 0…count-1, `limit` at a time, in order. */
async function pool<T>(
  count: number,
  limit: number,
  work: (i: number) => Promise<T>
): Promise<T[]> {
  const results = new Array<T>(count)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++
      results[i] = await work(i)
    }
  }
  const workers = Array.from({ length: Math.min(limit, count) }, worker)
  await Promise.all(workers)
  return results
}

function notSent(job: BatchJob, stop: QuotaStop): BatchResult {
  const { apiVersion, endpoint } = job.settings
  const result: BatchResult = {
    dirs: job.dirs,
    status: 'not-sent',
    count: 0,
    code: stop.code,
    message:
      `batch ${stop.batch} answered ${stop.code} (daily quota used up), ` +
      'so this batch would be refused too',
    attempts: 0
  }
  const hint = hintFor(stop.code, { apiVersion, endpoint })
  if (hint) result.hint = hint
  return result
}

/**
 * Every batch held back before sending, because DescribePurgeQuota said
 * nothing is left today: reported like a quota answer mid-run.
 */
export function holdBack(
  batches: string[][],
  settings: Settings,
  message: string
): Submission {
  const { apiVersion, endpoint } = settings
  const hint = hintFor('LimitExceeded.CdnPurgePathExceedDayLimit', {
    apiVersion,
    endpoint
  })
  return {
    requests: 0,
    results: batches.map(dirs => ({
      dirs,
      status: 'not-sent',
      count: 0,
      attempts: 0,
      message,
      ...(hint ? { hint } : {})
    }))
  }
}

/** runBatch, with anything unforeseen turned into a failed result. */
async function runSafely(job: BatchJob): Promise<BatchResult> {
  try {
    return await runBatch(job)
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error)
    const secrets = secretsOf(job.settings.credentials)
    const result: BatchResult = {
      dirs: job.dirs,
      status: 'failed',
      count: 0,
      code: 'internal',
      message: redact(text, secrets),
      attempts: 1
    }
    job.deps.log.info(resultLine(job, result))
    return result
  }
}

export async function submit(
  batches: string[][],
  settings: Settings,
  deps: SubmitDeps
): Promise<Submission> {
  const startedAt = deps.now()
  let stop: QuotaStop | undefined

  const results = await pool(batches.length, MAX_CONCURRENT, async i => {
    const job: BatchJob = {
      index: i,
      total: batches.length,
      dirs: batches[i],
      settings,
      deps,
      startedAt
    }
    // Held back once the day's quota is known to be gone; batches already
    // in flight finish normally.
    if (stop) {
      const result = notSent(job, stop)
      deps.log.info(resultLine(job, result))
      return result
    }
    const result = await runSafely(job)
    if (result.status === 'failed' && DAY_QUOTA_CODES.has(result.code ?? '')) {
      stop ??= { batch: i + 1, code: result.code ?? '' }
    }
    return result
  })
  // Sent = made at least one attempt; held-back batches made none.
  const requests = results.filter(r => r.attempts > 0).length
  deps.log.debug(`Submitted ${requests} of ${batches.length} batches`)
  return { results, requests }
}
