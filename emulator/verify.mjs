// Signature arithmetic for both API generations, written for the emulator
// alone: it must not share code with the client in src/, or a bug in one
// would be hidden by the same bug in the other.

import { Buffer } from 'node:buffer'
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** The name a 2.0 parameter is signed under: `dirs_0` signs as `dirs.0`. */
export function v2SignedName(name) {
  return name.replaceAll('_', '.')
}

/**
 * API 2.0 string to sign: METHOD + host + path + '?' + the parameters
 * (Signature left out by the caller) sorted byte-wise by name and joined as
 * raw, undecoded `name=value` pairs.
 */
export function v2StringToSign(method, host, path, params) {
  const entries = Array.isArray(params) ? params : Object.entries(params)
  const joined = entries
    .map(([name, value]) => [v2SignedName(name), String(value)])
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
  return `${method}${host}${path}?${joined}`
}

/** base64 HMAC; SHA-1 unless SignatureMethod is HmacSHA256. */
export function v2Sign(secretKey, stringToSign, signatureMethod) {
  const algorithm = signatureMethod === 'HmacSHA256' ? 'sha256' : 'sha1'
  return createHmac(algorithm, secretKey)
    .update(stringToSign, 'utf8')
    .digest('base64')
}

export function sha256Hex(data) {
  return createHash('sha256').update(data).digest('hex')
}

/** The UTC calendar date (YYYY-MM-DD) of a UNIX timestamp in seconds. */
export function utcDate(timestamp) {
  return new Date(Number(timestamp) * 1000).toISOString().slice(0, 10)
}

/**
 * TC3 canonical request for `POST /` with no query string. `headers` maps
 * lower-case names to values as received; `signedHeaders` lists the names
 * in the order they are signed.
 */
export function tc3CanonicalRequest(headers, signedHeaders, body) {
  const lines = signedHeaders
    .map(name => `${name}:${String(headers[name] ?? '').trim()}\n`)
    .join('')
  const names = signedHeaders.join(';')
  return `POST\n/\n\n${lines}\n${names}\n${sha256Hex(body)}`
}

export function tc3StringToSign(timestamp, service, canonicalRequest) {
  const scope = `${utcDate(timestamp)}/${service}/tc3_request`
  const digest = sha256Hex(canonicalRequest)
  return `TC3-HMAC-SHA256\n${timestamp}\n${scope}\n${digest}`
}

/** Hex TC3-HMAC-SHA256 signature: the key is derived date → service. */
export function tc3Signature(secretKey, timestamp, service, stringToSign) {
  const hmac = (key, text) => createHmac('sha256', key).update(text).digest()
  const dateKey = hmac(`TC3${secretKey}`, utcDate(timestamp))
  const serviceKey = hmac(dateKey, service)
  const signingKey = hmac(serviceKey, 'tc3_request')
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex')
}

/** Constant-time string comparison, so timing reveals nothing. */
export function safeEqual(a, b) {
  const left = Buffer.from(String(a))
  const right = Buffer.from(String(b))
  return left.length === right.length && timingSafeEqual(left, right)
}
