// API 3.0: PurgePathCache (one batch, one attempt) and DescribePurgeQuota.
import type { Settings } from '../types'
import type { SubmitDeps } from './deps'
import { type Answer, type Exchange, exchange } from './http'
import {
  type Failure,
  type JudgeContext,
  type Outcome,
  fail,
  isRecord,
  parseJson,
  transportFailure,
  unreadableAnswer
} from './outcome'
import { parseRetryAfter } from './retry'
import { signTc3 } from './sign-v3'
import { redact, secretsOf } from './text'

export const ACTION_V3 = 'PurgePathCache'
export const QUOTA_ACTION_V3 = 'DescribePurgeQuota'
export const VERSION_V3 = '2018-06-06'
/** Sent and signed byte for byte. */
export const CONTENT_TYPE_V3 = 'application/json; charset=utf-8'

export interface Quota {
  area: string
  /** Dirs allowed in one call. */
  batch: number
  /** Dirs allowed per day. */
  total: number
  /** Dirs left today. */
  available: number
}

interface Call {
  answer: Exchange
  ctx: JudgeContext
}

/** Signs and sends one 3.0 call; fresh timestamp and signature each time. */
async function call(
  action: string,
  body: string,
  settings: Settings,
  deps: SubmitDeps
): Promise<Call> {
  const url = new URL(settings.endpoint)
  const timestamp = Math.floor(deps.now() / 1000)
  const { secretId, secretKey, sessionToken } = settings.credentials
  const signed = signTc3({
    secretId,
    secretKey,
    timestamp,
    host: url.host,
    contentType: CONTENT_TYPE_V3,
    body
  })
  const headers: Record<string, string> = {
    'Content-Type': CONTENT_TYPE_V3,
    Host: url.host,
    'X-TC-Action': action,
    'X-TC-Version': VERSION_V3,
    'X-TC-Timestamp': String(timestamp),
    Authorization: signed.authorization
  }
  if (sessionToken !== '') headers['X-TC-Token'] = sessionToken
  const request = { url: settings.endpoint, headers, body }
  const answer = await exchange(deps.fetch, request, settings.timeoutMs)
  const ctx: JudgeContext = {
    endpoint: settings.endpoint,
    timeoutMs: settings.timeoutMs,
    secrets: secretsOf(settings.credentials, signed.signature),
    now: deps.now()
  }
  return { answer, ctx }
}

/** An answer with a `Response` object in its body. */
interface Readable {
  answer: Answer
  response: Record<string, unknown>
}

/** The `Response` object, or a failure if the answer has none. */
function responseOf({ answer, ctx }: Call): Readable | Failure {
  if (answer.kind !== 'answer') return transportFailure(answer, ctx)
  const body = parseJson(answer.text)
  if (!isRecord(body) || !isRecord(body.Response)) {
    return unreadableAnswer(answer, ctx)
  }
  return { answer, response: body.Response }
}

// Codes, RequestIds and TaskIds are short tokens (`InternalError.ServerError`,
// a UUID). Anything else is not the API talking, and printing it could
// forge a line in the log, so it is not taken as one.
const TOKEN = /^[A-Za-z0-9._:*-]{1,128}$/

/** The value when it is a token, with any secret in it blanked. */
function tokenOf(value: unknown, secrets: string[]): string | undefined {
  if (typeof value !== 'string') return undefined
  const safe = redact(value, secrets)
  return TOKEN.test(safe) ? safe : undefined
}

function requestIdOf(
  response: Record<string, unknown>,
  ctx: JudgeContext
): string | undefined {
  return tokenOf(response.RequestId, ctx.secrets)
}

/** `{"Response":{"Error":{"Code","Message"},"RequestId"}}` */
function apiError(
  { answer, response }: Readable,
  error: Record<string, unknown>,
  ctx: JudgeContext
): Failure {
  const requestId = requestIdOf(response, ctx)
  const code = tokenOf(error.Code, ctx.secrets)
  if (code === undefined) {
    return { ...unreadableAnswer(answer, ctx), requestId }
  }
  const text = typeof error.Message === 'string' ? error.Message : ''
  const failure = fail(code, redact(text, ctx.secrets), {
    requestId,
    retryAfterMs: parseRetryAfter(answer.headers.get('retry-after'), ctx.now)
  })
  // A 5xx is the infrastructure talking, whatever the body says.
  return answer.status >= 500 ? { ...failure, retry: 'retry' } : failure
}

export async function sendV3(
  dirs: string[],
  settings: Settings,
  deps: SubmitDeps
): Promise<Outcome> {
  const body = JSON.stringify({
    Paths: dirs,
    FlushType: settings.flushType,
    Area: settings.area
  })
  const sent = await call(ACTION_V3, body, settings, deps)
  const found = responseOf(sent)
  const status = sent.answer.kind === 'answer' ? sent.answer.status : undefined
  if (!('response' in found)) return { ok: false, status, failure: found }
  const { response } = found
  if (isRecord(response.Error)) {
    const failure = apiError(found, response.Error, sent.ctx)
    return { ok: false, status, failure }
  }
  const requestId = requestIdOf(response, sent.ctx)
  const taskId = tokenOf(response.TaskId, sent.ctx.secrets)
  if (taskId !== undefined) {
    const count = dirs.length
    return { ok: true, status: found.answer.status, count, taskId, requestId }
  }
  // Not a 2xx: the infrastructure talking (5xx retried), not the API's yes.
  if (found.answer.status >= 300) {
    const failure = unreadableAnswer(found.answer, sent.ctx)
    return { ok: false, status, failure: { ...failure, requestId } }
  }
  // No Error means yes in 3.0: retrying could spend the quota twice.
  const message =
    'no TaskId and no Error in the answer; the dirs may have been refreshed'
  const failure = fail('unexpected answer', message, {
    retry: 'final',
    maybeAccepted: true,
    requestId
  })
  return { ok: false, status, failure }
}

function quotaEntry(
  response: Record<string, unknown>,
  area: string
): Quota | undefined {
  const entries = Array.isArray(response.PathPurge) ? response.PathPurge : []
  const entry: unknown = entries.find(e => isRecord(e) && e.Area === area)
  if (!isRecord(entry)) return undefined
  const { Batch, Total, Available } = entry
  // Whole numbers, and a batch of at least one: anything else is not an
  // answer to plan by (the caller then goes on with the inputs).
  const whole = (n: unknown, min: number): boolean =>
    typeof n === 'number' && Number.isInteger(n) && n >= min
  if (!whole(Batch, 1) || !whole(Total, 0) || !whole(Available, 0)) {
    return undefined
  }
  return {
    area,
    batch: Batch as number,
    total: Total as number,
    available: Available as number
  }
}

/**
 * Today's path quota for `settings.area` (3.0 only). Any failure is a
 * warning and null: the caller goes on with the inputs.
 */
export async function describeQuota(
  settings: Settings,
  deps: SubmitDeps
): Promise<Quota | null> {
  if (settings.apiVersion !== '3.0') {
    deps.log.debug('Purge quota: not available on API 2.0')
    return null
  }
  const warn = (why: string): null => {
    deps.log.warning(
      `Could not read today's purge quota (${QUOTA_ACTION_V3}): ${why}. ` +
        'Going on with the inputs.'
    )
    return null
  }
  try {
    const sent = await call(QUOTA_ACTION_V3, '{}', settings, deps)
    const found = responseOf(sent)
    if (!('response' in found)) return warn(`${found.label}: ${found.message}`)
    if (isRecord(found.response.Error)) {
      const error = apiError(found, found.response.Error, sent.ctx)
      return warn(`${error.code}: ${error.message}`)
    }
    const quota = quotaEntry(found.response, settings.area)
    if (!quota) return warn(`no PathPurge entry for area '${settings.area}'`)
    deps.log.debug(
      `Purge quota (${quota.area}): ${quota.available} of ${quota.total} ` +
        `dirs left today, ${quota.batch} per call`
    )
    return quota
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    return warn(redact(why, secretsOf(settings.credentials)))
  }
}
