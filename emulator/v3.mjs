// API 3.0 (`POST /`, JSON, TC3-HMAC-SHA256): PurgePathCache and
// DescribePurgeQuota. Each request goes parse → check (pure) → act.

import { randomUUID } from 'node:crypto'
import { AREAS } from './ledger.mjs'
import {
  safeEqual,
  tc3CanonicalRequest,
  tc3Signature,
  tc3StringToSign,
  utcDate
} from './verify.mjs'

export const V3_PATH = '/'
export const V3_BODY_LIMIT = 1024 * 1024

const VERSION = '2018-06-06'
// The service signs with 5 minutes of clock skew allowed (API doc).
const SKEW_MS = 5 * 60 * 1000
const FLUSH_TYPES = ['flush', 'delete']
const PURGE_KEYS = ['Paths', 'FlushType', 'Area', 'UrlEncode']
// URL purging is not emulated; DescribePurgeQuota reports these as is.
const URL_QUOTA = { Batch: 1000, Total: 10000, Available: 10000 }

/** Reads what was sent, without judging it. `request` comes from index. */
export function parseV3(request) {
  const { headers } = request
  const text = request.body.toString('utf8')
  const body = parseJson(text)
  const timestamp = headers['x-tc-timestamp']
  const auth = parseAuthorization(headers.authorization)
  return {
    request,
    text,
    body,
    action: headers['x-tc-action'] ?? '',
    version: headers['x-tc-version'],
    timestamp: /^\d{1,11}$/.test(timestamp ?? '') ? Number(timestamp) : null,
    auth,
    secretId: auth?.secretId ?? '',
    token: headers['x-tc-token'],
    dirs: stringList(body?.Paths) ?? []
  }
}

/** The first reason to refuse the call before its action runs, or null. */
export function checkV3(call, ctx) {
  return transportProblem(call) ?? authProblem(call, ctx)
}

export function actV3(call, ctx) {
  if (!/^application\/json\b/i.test(call.request.headers['content-type'])) {
    return error('InvalidParameter', 'Content-Type must be application/json')
  }
  if (!isObject(call.body) && call.text.trim() !== '') {
    return error('InvalidParameter', 'the request body is not a JSON object')
  }
  const body = isObject(call.body) ? call.body : {}
  if (call.action === 'PurgePathCache') return purge(call, body, ctx)
  if (call.action === 'DescribePurgeQuota') return quota(call, body, ctx)
  return error(
    'InvalidAction',
    `The action '${call.action}' does not exist in this emulator ` +
      '(PurgePathCache, DescribePurgeQuota).'
  )
}

/** The success body of a purge, also used to build the `truncate` fault. */
export function v3Success() {
  return { Response: { TaskId: randomUUID(), RequestId: randomUUID() } }
}

export function v3Error(code, message) {
  const detail = { Code: code, Message: message }
  return { Response: { Error: detail, RequestId: randomUUID() } }
}

function purge(call, body, ctx) {
  const problem =
    unknownKeyProblem(body, PURGE_KEYS) ??
    purgeParamProblem(body) ??
    pathProblem(body.Paths, body.Area, ctx) ??
    quotaProblem(call.secretId, body, ctx)
  if (problem) return problem
  ctx.ledger.spend(call.secretId, body.Paths.length, body.Area)
  return { status: 200, json: v3Success() }
}

function quota(call, body, ctx) {
  const problem = unknownKeyProblem(body, [])
  if (problem) return problem
  const pathQuota = area => {
    const used = ctx.ledger.used(call.secretId, area)
    const available = Math.max(0, ctx.dailyLimit - used)
    return {
      Area: area,
      Batch: ctx.batchLimit,
      Total: ctx.dailyLimit,
      Available: available
    }
  }
  const response = {
    UrlPurge: AREAS.map(area => ({ Area: area, ...URL_QUOTA })),
    PathPurge: AREAS.map(pathQuota),
    RequestId: randomUUID()
  }
  return { status: 200, json: { Response: response } }
}

function transportProblem(call) {
  const { method, size } = call.request
  if (method !== 'POST') {
    return error(
      'UnsupportedRequestMethod',
      `HTTP method ${method} is not supported here; send a POST with JSON`
    )
  }
  if (size > V3_BODY_LIMIT) {
    return error('RequestSizeLimitExceeded', 'the request body exceeds 1 MB')
  }
  for (const header of ['X-TC-Action', 'X-TC-Version', 'X-TC-Timestamp']) {
    if (call.request.headers[header.toLowerCase()] === undefined) {
      return error('MissingParameter', `missing required header ${header}`)
    }
  }
  if (call.version !== VERSION) {
    return error('NoSuchVersion', `X-TC-Version must be ${VERSION}`)
  }
  if (call.timestamp === null) {
    return error('InvalidParameter', 'X-TC-Timestamp must be UNIX seconds')
  }
  return null
}

function authProblem(call, ctx) {
  const { auth } = call
  if (auth === null) {
    return error(
      'AuthFailure.InvalidAuthorization',
      'Authorization must read "TC3-HMAC-SHA256 Credential=<SecretId>/' +
        '<date>/cdn/tc3_request, SignedHeaders=<names>, Signature=<hex>"'
    )
  }
  if (!/^[A-Za-z0-9]+$/.test(auth.secretId)) {
    return error('AuthFailure.InvalidSecretId', 'the SecretId is malformed')
  }
  const secretKey = ctx.credentials.get(auth.secretId)
  if (secretKey === undefined) {
    return error('AuthFailure.SecretIdNotFound', 'the SecretId is not found')
  }
  if (call.token === '' || call.token === 'undefined') {
    return error('AuthFailure.TokenFailure', 'X-TC-Token is empty or invalid')
  }
  if (!(Math.abs(call.timestamp * 1000 - ctx.now()) <= SKEW_MS)) {
    return error(
      'AuthFailure.SignatureExpire',
      'X-TC-Timestamp is more than 5 minutes from server time'
    )
  }
  return scopeProblem(call) ?? signatureProblem(call, secretKey)
}

function scopeProblem(call) {
  const { auth } = call
  if (auth.date !== utcDate(call.timestamp)) {
    return signatureFailure(
      `credential date ${auth.date} is not the UTC date of X-TC-Timestamp`
    )
  }
  if (auth.service !== 'cdn' || auth.terminator !== 'tc3_request') {
    return signatureFailure('credential scope must end /cdn/tc3_request')
  }
  const names = auth.signedHeaders
  const sorted = [...new Set(names)].sort()
  if (names.join(';') !== sorted.join(';')) {
    return signatureFailure('SignedHeaders must be sorted and unique')
  }
  for (const name of ['content-type', 'host']) {
    if (!names.includes(name)) {
      return signatureFailure(`SignedHeaders must include ${name}`)
    }
  }
  const absent = names.find(name => call.request.headers[name] === undefined)
  return absent ? signatureFailure(`signed header ${absent} is absent`) : null
}

function signatureProblem(call, secretKey) {
  const { auth, request } = call
  const canonical = tc3CanonicalRequest(
    request.headers,
    auth.signedHeaders,
    request.body
  )
  call.canonicalRequest = canonical
  const toSign = tc3StringToSign(call.timestamp, 'cdn', canonical)
  const expected = tc3Signature(secretKey, call.timestamp, 'cdn', toSign)
  return safeEqual(expected, auth.signature)
    ? null
    : signatureFailure('the request signature does not match')
}

function purgeParamProblem(body) {
  const paths = stringList(body.Paths)
  if (paths === null || paths.length === 0) {
    return paramError('Paths must be a non-empty array of strings')
  }
  if (!FLUSH_TYPES.includes(body.FlushType)) {
    return paramError(`FlushType must be 'flush' or 'delete'`)
  }
  if (!AREAS.includes(body.Area)) {
    return paramError(`Area must be 'overseas' or 'mainland'`)
  }
  if (body.UrlEncode !== undefined && typeof body.UrlEncode !== 'boolean') {
    return paramError('UrlEncode must be true or false')
  }
  return null
}

function pathProblem(paths, area, ctx) {
  if (paths.length > ctx.batchLimit) {
    return error(
      'LimitExceeded.CdnPurgePathExceedBatchLimit',
      `${paths.length} paths in one request; at most ${ctx.batchLimit}`
    )
  }
  const domains = ctx.domains[area]
  for (const path of paths) {
    const host = pathHost(path)
    if (host === null) {
      return paramError(`a path must start with http:// or https://: ${path}`)
    }
    if (path.includes('*')) {
      return error(
        'InvalidParameter.CdnPurgeWildcardNotAllowed',
        `wildcards are not allowed in purge paths: ${path}`
      )
    }
    if (!domains.has(host)) {
      return error(
        'ResourceNotFound.CdnHostNotExists',
        `the domain ${host} is not served by CDN in area ${area}`
      )
    }
  }
  return null
}

function quotaProblem(secretId, body, ctx) {
  const used = ctx.ledger.used(secretId, body.Area)
  if (used + body.Paths.length <= ctx.dailyLimit) return null
  return error(
    'LimitExceeded.CdnPurgePathExceedDayLimit',
    `daily path purge quota for ${body.Area} exceeded: ${used} of ` +
      `${ctx.dailyLimit} used today, ${body.Paths.length} more requested`
  )
}

function unknownKeyProblem(body, allowed) {
  const unknown = Object.keys(body).find(key => !allowed.includes(key))
  return unknown === undefined
    ? null
    : error(
        'UnknownParameter',
        `The parameter \`${unknown}\` is not recognized`
      )
}

/** `TC3-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` or null. */
function parseAuthorization(header) {
  const match =
    /^TC3-HMAC-SHA256 Credential=([^,]*), *SignedHeaders=([^,]*), *Signature=([0-9a-f]{64})$/.exec(
      header ?? ''
    )
  if (!match) return null
  const scope = match[1].split('/')
  if (scope.length !== 4) return null
  const [secretId, date, service, terminator] = scope
  const signedHeaders = match[2].split(';')
  return {
    secretId,
    date,
    service,
    terminator,
    signedHeaders,
    signature: match[3]
  }
}

function pathHost(path) {
  if (!/^https?:\/\//.test(path)) return null
  try {
    return new URL(path).host.toLowerCase()
  } catch {
    return null
  }
}

function stringList(value) {
  const ok = Array.isArray(value) && value.every(v => typeof v === 'string')
  return ok ? value : null
}

function parseJson(text) {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const isObject = value =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function error(code, message) {
  return { status: 200, json: v3Error(code, message) }
}

const paramError = message => error('InvalidParameter.CdnParamError', message)
const signatureFailure = message =>
  error('AuthFailure.SignatureFailure', message)
