// What one attempt came to, and the judging shared by both APIs: answers
// that are not the API's word (timeouts, network errors, pages, garbage).
import type { Answer, Exchange } from './http'
import { type RetryClass, parseRetryAfter, retryClass } from './retry'
import { redact } from './text'

/** Why a failure happened, when the hint needs more than the code. */
export type Cause = 'dns' | 'html' | 'redirect' | 'not-found'

export interface Failure {
  /** BatchResult.code: the API code (2.0: the business code when given),
   * or 'HTTP 503', 'timeout', 'network', 'unexpected answer'. */
  code: string
  /** How the log line names it: the public code for a 2.0 answer. */
  label: string
  /** One line, secrets blanked. */
  message: string
  retry: RetryClass
  retryAfterMs?: number
  requestId?: string
  /** A timeout after the request may have been written. */
  maybeSent?: boolean
  /** The API may have acted although we could not read a success. */
  maybeAccepted?: boolean
  cause?: Cause
}

export type Outcome =
  | {
      ok: true
      status: number
      count: number
      requestId?: string
      taskId?: string
    }
  | { ok: false; status?: number; failure: Failure }

export interface JudgeContext {
  endpoint: string
  timeoutMs: number
  secrets: string[]
  now: number
}

export function fail(
  code: string,
  message: string,
  extra: Partial<Failure> = {}
): Failure {
  return { code, label: code, message, retry: retryClass(code), ...extra }
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME'])

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && code.length > 0 ? code : undefined
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A timeout or an error thrown by fetch. */
export function transportFailure(
  answer: Exclude<Exchange, { kind: 'answer' }>,
  ctx: JudgeContext
): Failure {
  const host = new URL(ctx.endpoint).host
  if (answer.kind === 'timeout') {
    const seconds = ctx.timeoutMs / 1000
    const message = `no answer from ${ctx.endpoint} within ${seconds} s`
    return fail('timeout', message, { maybeSent: answer.maybeSent })
  }
  const code = errorCode(answer.error)
  if (code && DNS_CODES.has(code)) {
    return fail(
      'network',
      `DNS lookup failed for ${host} (${code}), the host of ${ctx.endpoint}`,
      {
        cause: 'dns'
      }
    )
  }
  const reason = code ?? redact(errorText(answer.error), ctx.secrets)
  return fail('network', `could not reach ${ctx.endpoint}: ${reason}`)
}

function looksLikeHtml(answer: Answer): boolean {
  const type = answer.headers.get('content-type') ?? ''
  return /html/i.test(type) || answer.text.trimStart().startsWith('<')
}

/** What an unreadable answer was, for the message. */
function describeBody(answer: Answer, secrets: string[]): string {
  if (looksLikeHtml(answer)) return 'an HTML page'
  if (answer.text.trim() === '') return 'an empty body'
  return `'${redact(answer.text, secrets).slice(0, 80)}'`
}

/**
 * An answer whose body is not in the API's shape. Never a success: 5xx and
 * 429 are retried, as is any other garbage with a 2xx; 3xx and 4xx are
 * final (the endpoint is wrong or gone).
 */
export function unreadableAnswer(answer: Answer, ctx: JudgeContext): Failure {
  const status = answer.status
  const what = describeBody(answer, ctx.secrets)
  const retryAfterMs = parseRetryAfter(
    answer.headers.get('retry-after'),
    ctx.now
  )
  const html: Partial<Failure> = looksLikeHtml(answer) ? { cause: 'html' } : {}
  if (status >= 300 && status < 400) {
    const to = redact(answer.headers.get('location') ?? 'nowhere', ctx.secrets)
    return fail(`HTTP ${status}`, `${ctx.endpoint} redirects to ${to}`, {
      cause: 'redirect',
      retry: 'final'
    })
  }
  if (status >= 400) {
    const notFound: Partial<Failure> =
      status === 404 ? { cause: 'not-found' } : html
    const message = `${what} from ${ctx.endpoint}`
    return fail(`HTTP ${status}`, message, { ...notFound, retryAfterMs })
  }
  const message =
    `unexpected answer from ${ctx.endpoint} (HTTP ${status}): ` + what
  return fail('unexpected answer', message, { ...html, retryAfterMs })
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
