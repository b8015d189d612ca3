// API 2.0: RefreshCdnOverSeaDir, one batch, one attempt.
import type { Settings } from '../types'
import type { SubmitDeps } from './deps'
import { hintFor } from './hints'
import { type Answer, exchange } from './http'
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
import { formBody, signV2, stringToSignV2 } from './sign-v2'
import { parseRetryAfter, retryClass } from './retry'
import { redact, secretsOf } from './text'

export const ACTION_V2 = 'RefreshCdnOverSeaDir'

/** Every parameter but Signature; fresh Timestamp and Nonce each call. */
export function paramsV2(
  dirs: string[],
  settings: Settings,
  deps: Pick<SubmitDeps, 'now' | 'nonce'>
): Record<string, string> {
  const { secretId, sessionToken } = settings.credentials
  const params: Record<string, string> = {
    Action: ACTION_V2,
    SecretId: secretId,
    Timestamp: String(Math.floor(deps.now() / 1000)),
    Nonce: String(deps.nonce()),
    // Always sent, so it is signed and the server uses the same algorithm.
    SignatureMethod: settings.signatureMethod
  }
  if (sessionToken !== '') params.Token = sessionToken
  dirs.forEach((dir, i) => {
    params[`dirs.${i}`] = dir
  })
  return params
}

export async function sendV2(
  dirs: string[],
  settings: Settings,
  deps: SubmitDeps
): Promise<Outcome> {
  const url = new URL(settings.endpoint)
  const params = paramsV2(dirs, settings, deps)
  const toSign = stringToSignV2('POST', url.host, url.pathname, params)
  const { secretKey } = settings.credentials
  const signature = signV2(toSign, secretKey, settings.signatureMethod)
  const answer = await exchange(
    deps.fetch,
    {
      url: `${url.origin}${url.pathname}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formBody({ ...params, Signature: signature })
    },
    settings.timeoutMs
  )
  const ctx: JudgeContext = {
    endpoint: settings.endpoint,
    timeoutMs: settings.timeoutMs,
    secrets: secretsOf(settings.credentials, signature),
    now: deps.now()
  }
  if (answer.kind !== 'answer') {
    return { ok: false, failure: transportFailure(answer, ctx) }
  }
  return judgeV2(answer, ctx)
}

/** The business code: numeric codeDesc, else `(NNNN)` opening the message. */
function businessCode(codeDesc: unknown, message: string): string | undefined {
  if (typeof codeDesc === 'number' && Number.isInteger(codeDesc)) {
    return String(codeDesc)
  }
  if (typeof codeDesc === 'string' && /^-?\d+$/.test(codeDesc.trim())) {
    return codeDesc.trim()
  }
  return /^\((-?\d+)\)/.exec(message)?.[1]
}

/** A code the retry rules or the hints have something to say about. */
function known(code: string, ctx: JudgeContext): boolean {
  const hint = hintFor(code, { apiVersion: '2.0', endpoint: ctx.endpoint })
  return retryClass(code) !== 'final' || hint !== undefined
}

function rejection(
  body: Record<string, unknown>,
  answer: Answer,
  ctx: JudgeContext
): Failure {
  const publicCode = String(body.code)
  const apiMessage = typeof body.message === 'string' ? body.message : ''
  const business = businessCode(body.codeDesc, apiMessage.trim())
  // A business code refines 4000, under which CDN reports its own failures.
  // Under another public code, one we know nothing of (4100 with a
  // `(100003)…` message) must not hide what the public code means.
  const code =
    business !== undefined && (publicCode === '4000' || known(business, ctx))
      ? business
      : publicCode
  let message = redact(apiMessage, ctx.secrets)
  // The message starts with the business code, so the log line reads
  // `4000 (9110)… cdn no such host`.
  if (
    business &&
    business !== publicCode &&
    !message.startsWith(`(${business})`)
  ) {
    message = `(${business}) ${message}`.trim()
  }
  if (message === '' && typeof body.codeDesc === 'string') {
    message = redact(body.codeDesc, ctx.secrets)
  }
  // A 5xx is the infrastructure talking, whatever the body says.
  const retry = answer.status >= 500 ? 'retry' : retryClass(code)
  const retryAfterMs = parseRetryAfter(
    answer.headers.get('retry-after'),
    ctx.now
  )
  return { code, label: publicCode, message, retry, retryAfterMs }
}

/** Judges by the body: numeric `code` 0 is the only success. */
export function judgeV2(answer: Answer, ctx: JudgeContext): Outcome {
  const { status } = answer
  const body = parseJson(answer.text)
  if (!isRecord(body) || typeof body.code !== 'number') {
    return { ok: false, status, failure: unreadableAnswer(answer, ctx) }
  }
  if (body.code !== 0) {
    return { ok: false, status, failure: rejection(body, answer, ctx) }
  }
  const count = isRecord(body.data) ? body.data.count : undefined
  if (typeof count === 'number' && Number.isInteger(count) && count >= 0) {
    return { ok: true, status, count }
  }
  // Code 0 says yes: retrying could spend the quota twice, so stop here.
  const message =
    'code 0 without a whole data.count; the dirs may have been refreshed'
  const failure = fail('unexpected answer', message, {
    retry: 'final',
    maybeAccepted: true
  })
  return { ok: false, status, failure }
}
