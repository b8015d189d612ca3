// Misbehaviours a test can queue with `emu.fault(spec)`: the ways a real
// endpoint, or the network in front of it, lets a client down.

import { HTML_TYPE, htmlAnswer, htmlPage } from './pages.mjs'
import { v2Success } from './v2.mjs'
import { v3Error, v3Success } from './v3.mjs'

const FLAGS = ['hang', 'reset', 'truncate', 'notFound']
const MAX_DELAY_MS = 600_000

/**
 * The ms a `{ delay }` spec holds the normal answer back, else undefined.
 * Unlike the other faults it changes only when the answer leaves: the
 * request is checked and acted on (Nonce, quota) on arrival.
 */
export function faultDelay(spec) {
  return spec?.delay
}

/** Names a fault spec for `requests[].fault`; throws if it is not one. */
export function faultLabel(spec) {
  if (typeof spec !== 'object' || spec === null) {
    throw new TypeError('fault: the spec must be an object')
  }
  if (spec.status !== undefined) {
    const ok = Number.isInteger(spec.status) && spec.status >= 200
    if (!ok || spec.status > 599) {
      throw new TypeError(`fault: status must be 200-599, got ${spec.status}`)
    }
    return `status ${spec.status}`
  }
  if (spec.delay !== undefined) {
    const ok = Number.isInteger(spec.delay) && spec.delay >= 0
    if (!ok || spec.delay > MAX_DELAY_MS) {
      throw new TypeError(
        `fault: delay must be 0-${MAX_DELAY_MS} ms, got ${spec.delay}`
      )
    }
    return `delay ${spec.delay}`
  }
  const flag = FLAGS.find(name => spec[name] === true)
  if (flag) return flag
  if (Number.isInteger(spec.code)) return `code ${spec.code}`
  if (typeof spec.error === 'string') return `error ${spec.error}`
  if (typeof spec.body === 'string') return 'body'
  throw new TypeError(`fault: unknown spec ${JSON.stringify(spec)}`)
}

/**
 * What to send instead of the real answer. `dirCount` feeds the truncated
 * 2.0 success body, so its first half looks like the real thing.
 */
export function faultAnswer(spec, api, dirCount) {
  if (spec.status !== undefined) return statusAnswer(spec)
  if (spec.hang === true) return { hang: true }
  if (spec.reset === true) return { reset: true }
  if (spec.notFound === true) return htmlAnswer(404)
  if (spec.truncate === true) return truncated(api, dirCount)
  if (spec.code !== undefined) return codeAnswer(spec)
  if (spec.error !== undefined) {
    const message = spec.message ?? 'An internal error occurred (injected).'
    return { status: 200, json: v3Error(spec.error, message) }
  }
  const contentType = spec.contentType ?? 'text/html'
  return { status: 200, text: spec.body, contentType }
}

function statusAnswer(spec) {
  const text = spec.body ?? htmlPage(spec.status)
  const contentType = spec.contentType ?? sniffType(text)
  return { status: spec.status, text, contentType }
}

function truncated(api, dirCount) {
  const whole = JSON.stringify(
    api === '3.0' ? v3Success() : v2Success(dirCount)
  )
  const text = whole.slice(0, Math.floor(whole.length / 2))
  return { status: 200, text, contentType: 'application/json' }
}

function codeAnswer(spec) {
  const { code } = spec
  const message = spec.message ?? `(${code}) injected fault`
  return {
    status: 200,
    json: { code, message, codeDesc: spec.codeDesc ?? code }
  }
}

function sniffType(text) {
  if (/^\s*[{[]/.test(text)) return 'application/json'
  return /^\s*</.test(text) ? HTML_TYPE : 'text/plain; charset=utf-8'
}
