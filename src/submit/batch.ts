// One batch from first attempt to final result: attempts, retries, the
// verdict, and the log line.
import type { BatchResult, Settings } from '../types'
import { sendV2 } from './client-v2'
import { sendV3 } from './client-v3'
import type { SubmitDeps } from './deps'
import { UNCERTAIN_HINT, hintFor } from './hints'
import type { Failure, Outcome } from './outcome'
import { type RetryState, decide } from './retry'

export interface BatchJob {
  /** 0-based position; the log counts from 1. */
  index: number
  total: number
  dirs: string[]
  settings: Settings
  deps: SubmitDeps
  /** deps.now() when the submit began: the retry budget counts from it. */
  startedAt: number
}

interface Progress extends RetryState {
  attempts: number
  /** An attempt timed out after it may have been sent. */
  sentTimeout: boolean
}

/** `Batch 2/3 (20 dirs)` */
export function batchName(
  job: Pick<BatchJob, 'index' | 'total' | 'dirs'>
): string {
  const n = job.dirs.length
  return `Batch ${job.index + 1}/${job.total} (${n} dir${n === 1 ? '' : 's'})`
}

function attemptsText(n: number): string {
  return `${n} attempt${n === 1 ? '' : 's'}`
}

function accepted(
  job: BatchJob,
  outcome: Extract<Outcome, { ok: true }>,
  progress: Progress
): BatchResult {
  const result: BatchResult = {
    dirs: job.dirs,
    status: 'accepted',
    count: outcome.count,
    attempts: progress.attempts
  }
  if (outcome.requestId) result.requestId = outcome.requestId
  if (outcome.taskId) result.taskId = outcome.taskId
  if (progress.sentTimeout) {
    result.message =
      `accepted on attempt ${progress.attempts} after a timeout; the ` +
      'timed-out request may also have been accepted, so the quota may ' +
      'have been spent twice'
  }
  return result
}

function finished(
  job: BatchJob,
  failure: Failure,
  progress: Progress,
  reason: string | undefined
): BatchResult {
  const { apiVersion, endpoint } = job.settings
  let message = reason ? `${failure.message}; ${reason}` : failure.message
  let hint = hintFor(failure.code, {
    apiVersion,
    endpoint,
    cause: failure.cause,
    maybeAccepted: failure.maybeAccepted
  })
  // No clear word from the API after a request that may have landed.
  let status: BatchResult['status'] = 'failed'
  if (progress.sentTimeout && failure.retry !== 'final') {
    status = 'uncertain'
    const earlier =
      failure.code === 'timeout' ? '' : 'an earlier attempt timed out, so '
    message = `${message}; ${earlier}the dirs may have been refreshed`
    hint = UNCERTAIN_HINT
  } else if (progress.sentTimeout) {
    message =
      `${message} (an earlier attempt timed out after sending; the dirs ` +
      'may have been refreshed)'
  }
  const result: BatchResult = {
    dirs: job.dirs,
    status,
    count: 0,
    code: failure.code,
    message,
    attempts: progress.attempts
  }
  if (hint) result.hint = hint
  if (failure.requestId) result.requestId = failure.requestId
  return result
}

async function attempt(job: BatchJob): Promise<Outcome> {
  const send = job.settings.apiVersion === '3.0' ? sendV3 : sendV2
  return send(job.dirs, job.settings, job.deps)
}

function describe(outcome: Outcome): string {
  const status =
    outcome.status === undefined ? 'no HTTP answer' : `HTTP ${outcome.status}`
  if (outcome.ok) return `${status}, accepted, count ${outcome.count}`
  const { label, code } = outcome.failure
  const named = label === code ? code : `${label} (${code})`
  return named === status ? status : `${status}, ${named}`
}

/** Runs one batch to its final result. Never throws for API trouble. */
export async function runBatch(job: BatchJob): Promise<BatchResult> {
  const { deps, settings } = job
  const progress: Progress = {
    attempts: 0,
    retries: 0,
    onceUsed: false,
    sentTimeout: false
  }
  for (;;) {
    progress.attempts++
    const outcome = await attempt(job)
    const prefix =
      `${batchName(job)} attempt ${progress.attempts}: ` + describe(outcome)
    if (outcome.ok) {
      deps.log.debug(prefix)
      const result = accepted(job, outcome, progress)
      deps.log.info(resultLine(job, result))
      return result
    }
    const failure = outcome.failure
    if (failure.code === 'timeout' && failure.maybeSent) {
      progress.sentTimeout = true
    }
    const decision = decide(progress, {
      retry: failure.retry,
      retryAfterMs: failure.retryAfterMs,
      maxRetries: settings.retries,
      elapsedMs: deps.now() - job.startedAt,
      random: deps.random
    })
    if (!decision.retry) {
      deps.log.debug(`${prefix}; final`)
      const result = finished(job, failure, progress, decision.reason)
      deps.log.info(resultLine(job, result, failure.label))
      return result
    }
    // At info: a step waiting on backoff should not look stuck.
    deps.log.info(
      `${prefix}; retrying in ${(decision.delayMs / 1000).toFixed(1)} s`
    )
    progress.retries++
    if (failure.retry === 'once') progress.onceUsed = true
    await deps.sleep(decision.delayMs)
  }
}

/**
 * The info line for a finished batch. `label` names the code as the API
 * gave it (2.0: the public code, e.g. `4000 (9110)… no such host`).
 */
export function resultLine(
  job: Pick<BatchJob, 'index' | 'total' | 'dirs'>,
  result: BatchResult,
  label = result.code ?? ''
): string {
  const name = batchName(job)
  const tries = attemptsText(result.attempts)
  if (result.status === 'accepted') {
    const task = result.taskId ? `, task ${result.taskId}` : ''
    const after = result.attempts > 1 ? ` after ${tries}` : ''
    const note = result.message ? ` (${result.message})` : ''
    return `${name}: accepted, count ${result.count}${task}${after}${note}`
  }
  if (result.status === 'not-sent') {
    return `${name}: not sent: ${result.message ?? ''}`
  }
  const message = result.message ?? ''
  const text = message.startsWith('(')
    ? `${label} ${message}`
    : `${label}: ${message}`
  const request = result.requestId ? ` (RequestId ${result.requestId})` : ''
  if (result.status === 'uncertain') {
    return `${name}: uncertain after ${tries}: ${text}${request}`
  }
  return `${name}: failed: ${text}${request} after ${tries}`
}
