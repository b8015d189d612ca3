// API 2.0 (`/v2/index.php`): RefreshCdnOverSeaDir only, as the API doc
// describes it. Each request goes parse → check (pure) → act (spends).

import { URLSearchParams } from 'node:url'
import { htmlAnswer } from './pages.mjs'
import { safeEqual, v2Sign, v2SignedName, v2StringToSign } from './verify.mjs'

export const V2_PATH = '/v2/index.php'

// From the API doc: 5 minutes of clock skew, GET 32 KB, POST 1 MB.
const SKEW_MS = 5 * 60 * 1000
const GET_LIMIT = 32 * 1024
export const POST_LIMIT = 1024 * 1024

const REQUIRED = ['Action', 'SecretId', 'Timestamp', 'Nonce', 'Signature']
const SIGNATURE_METHODS = ['HmacSHA1', 'HmacSHA256']
const FORM_TYPE = 'application/x-www-form-urlencoded'

/** Reads what was sent, without judging it. `request` comes from index. */
export function parseV2(request) {
  const { method, target, headers } = request
  const mark = target.indexOf('?')
  const query = mark < 0 ? '' : target.slice(mark + 1)
  // URLSearchParams decodes exactly once, with the form rules ('+' = space).
  const raw = method === 'POST' ? request.body.toString('utf8') : query
  const pairs = [...new URLSearchParams(raw)]
  // Names as the server sees them: underscores read as dots (see verify).
  const named = pairs.map(([name, value]) => [v2SignedName(name), value])
  const field = name => named.find(([key]) => key === name)?.[1]
  const unsigned = pairs.filter(([name]) => name !== 'Signature')
  return {
    request,
    query,
    pairs,
    named,
    params: Object.fromEntries(pairs),
    action: field('Action') ?? '',
    secretId: field('SecretId') ?? '',
    timestamp: wholeNumber(field('Timestamp')),
    nonce: wholeNumber(field('Nonce')),
    token: field('Token'),
    signature: field('Signature'),
    signatureMethod: field('SignatureMethod'),
    dirs: dirValues(named),
    stringToSign: v2StringToSign(
      method,
      headers.host ?? '',
      request.path,
      unsigned
    )
  }
}

/** The first reason to refuse the call before its action runs, or null. */
export function checkV2(call, ctx) {
  return transportProblem(call) ?? paramProblem(call) ?? authProblem(call, ctx)
}

/** Runs an authenticated call: remembers its Nonce, then does the action. */
export function actV2(call, ctx) {
  ctx.ledger.rememberNonce(call.secretId, call.params.Nonce)
  if (call.action !== 'RefreshCdnOverSeaDir') {
    return failure(
      4000,
      'InvalidAction',
      `(4000) unknown Action '${call.action}': this endpoint emulates ` +
        `RefreshCdnOverSeaDir only`
    )
  }
  return refresh(call, ctx)
}

/** The success body, also used to build the `truncate` fault. */
export function v2Success(count) {
  return { code: 0, message: '', codeDesc: 'Success', data: { count } }
}

function refresh(call, ctx) {
  const dirs = call.dirs
  const problem =
    numberingProblem(call.named) ??
    batchProblem(dirs, ctx.batchLimit) ??
    dirProblem(dirs, ctx.overseasDomains) ??
    quotaProblem(dirs, ctx, call.secretId)
  if (problem) return problem
  ctx.ledger.spend(call.secretId, dirs.length, 'overseas')
  return { status: 200, json: v2Success(dirs.length) }
}

function transportProblem(call) {
  const { method, target, headers, size } = call.request
  if (method !== 'GET' && method !== 'POST') {
    return invalid(`HTTP method ${method} is not supported; use GET or POST`)
  }
  const limit = method === 'GET' ? GET_LIMIT : POST_LIMIT
  if ((method === 'GET' ? target.length : size) > limit) {
    return htmlAnswer(501)
  }
  if (method === 'POST') {
    const type = (headers['content-type'] ?? '').split(';')[0].trim()
    if (type.toLowerCase() !== FORM_TYPE) {
      return invalid(`a POST body must be ${FORM_TYPE}, got '${type}'`)
    }
    // Stricter than the service: parameters split between query and body
    // are a client bug worth seeing.
    if (call.query !== '') {
      return invalid('a POST must carry its parameters in the body only')
    }
  }
  return duplicateProblem(call.named)
}

function duplicateProblem(named) {
  const seen = new Set()
  for (const [name] of named) {
    if (seen.has(name)) return invalid(`parameter ${name} is sent twice`)
    seen.add(name)
  }
  return null
}

function paramProblem(call) {
  const missing = REQUIRED.find(name => call.params[name] === undefined)
  if (missing) return invalid(`missing required parameter ${missing}`)
  const { Timestamp, Nonce } = call.params
  if (!/^\d+$/.test(Timestamp)) {
    return invalid(`Timestamp must be UNIX seconds, got '${Timestamp}'`)
  }
  if (!/^[1-9]\d*$/.test(Nonce) || call.nonce === undefined) {
    return invalid(`Nonce must be a positive integer, got '${Nonce}'`)
  }
  const method = call.signatureMethod
  if (method !== undefined && !SIGNATURE_METHODS.includes(method)) {
    return invalid(`SignatureMethod must be HmacSHA1 or HmacSHA256`)
  }
  // An empty or "undefined" Token is the classic unset-variable bug.
  if (call.token === '' || call.token === 'undefined') {
    return invalid(`Token must be a real session token, got '${call.token}'`)
  }
  return null
}

function authProblem(call, ctx) {
  const secretKey = ctx.credentials.get(call.secretId)
  if (secretKey === undefined) {
    return failure(
      4104,
      'AuthFailure.SecretIdNotFound',
      `(4104) SecretId '${call.secretId}' does not exist`
    )
  }
  const skew = Math.abs(call.timestamp * 1000 - ctx.now())
  if (!(skew <= SKEW_MS)) {
    return failure(
      4200,
      'RequestExpired',
      `(4200) request expired: Timestamp ${call.timestamp} is ` +
        `${Math.round(skew / 1000)} s from server time`
    )
  }
  const expected = v2Sign(secretKey, call.stringToSign, call.signatureMethod)
  if (!safeEqual(expected, call.signature)) {
    return failure(
      4100,
      'AuthFailure',
      '(100003) signature mismatch: authentication failed'
    )
  }
  if (ctx.ledger.nonceSeen(call.secretId, call.params.Nonce)) {
    return failure(
      4500,
      'ReplayAttack',
      `(4500) Nonce ${call.params.Nonce} was already used with this SecretId`
    )
  }
  return null
}

function numberingProblem(named) {
  const indexes = named
    .filter(([name]) => name.startsWith('dirs.'))
    .map(([name]) => name.slice('dirs.'.length))
  const contiguous = indexes.every(
    (index, _, all) =>
      /^(0|[1-9]\d*)$/.test(index) && Number(index) < all.length
  )
  if (!contiguous) {
    return failure(
      4000,
      '9003',
      '(9003) dirs must be numbered dirs.0, dirs.1, … without gaps'
    )
  }
  return indexes.length === 0
    ? failure(4000, '9003', '(9003) no dirs.N parameter given')
    : null
}

function batchProblem(dirs, batchLimit) {
  if (dirs.length <= batchLimit) return null
  return failure(
    4000,
    22045,
    `(22045) ${dirs.length} dirs in one request; at most ${batchLimit} allowed`
  )
}

function dirProblem(dirs, domains) {
  for (const dir of dirs) {
    const host = dirHost(dir)
    if (host === null) {
      return failure(
        4000,
        '9003',
        `(9003) dir must start with http:// or https://, got '${dir}'`
      )
    }
    if (!domains.has(host)) {
      return failure(4000, 9110, `(9110) cdn no such host: ${host}`)
    }
  }
  return null
}

function quotaProblem(dirs, ctx, secretId) {
  const used = ctx.ledger.used(secretId, 'overseas')
  if (used + dirs.length <= ctx.dailyLimit) return null
  return failure(
    4000,
    22046,
    `(22046) daily dir refresh quota exceeded: ${used} of ` +
      `${ctx.dailyLimit} used today, ${dirs.length} more requested`
  )
}

/** dirs.N values in index order; names are already dotted. */
function dirValues(named) {
  return named
    .filter(([name]) => /^dirs\.\d+$/.test(name))
    .sort(([a], [b]) => Number(a.slice(5)) - Number(b.slice(5)))
    .map(([, value]) => value)
}

function dirHost(dir) {
  if (!/^https?:\/\//.test(dir)) return null
  try {
    return new URL(dir).host.toLowerCase()
  } catch {
    return null
  }
}

function wholeNumber(text) {
  const value = /^\d+$/.test(text ?? '') ? Number(text) : NaN
  return Number.isSafeInteger(value) ? value : undefined
}

function failure(code, codeDesc, message) {
  return { status: 200, json: { code, message, codeDesc } }
}

function invalid(message) {
  return failure(4000, 'InvalidParameter', `(4000) ${message}`)
}
