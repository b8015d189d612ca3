// API 2.0 request signing (tencent-cdn-api.md, "Signing (API 2.0)").
import { createHmac } from 'node:crypto'

export type V2Method = 'GET' | 'POST'
export type V2SignatureMethod = 'HmacSHA256' | 'HmacSHA1'

/** Byte-wise (ASCII) order: `Nonce` before `dirs.0`, `dirs.10` before
 * `dirs.2`. */
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/**
 * `METHOD + host + path + '?' + name=value&…` over every parameter but
 * `Signature`, sorted by name, with the raw (unencoded) values.
 */
export function stringToSignV2(
  method: V2Method,
  host: string,
  path: string,
  params: Record<string, string>
): string {
  const joined = Object.keys(params)
    .filter(name => name !== 'Signature')
    .sort(byBytes)
    .map(name => `${name}=${params[name]}`)
    .join('&')
  return `${method}${host}${path}?${joined}`
}

/** base64 HMAC of the string to sign; SHA-1 unless HmacSHA256 is sent. */
export function signV2(
  stringToSign: string,
  secretKey: string,
  method: V2SignatureMethod
): string {
  const algorithm = method === 'HmacSHA256' ? 'sha256' : 'sha1'
  return createHmac(algorithm, secretKey).update(stringToSign).digest('base64')
}

/**
 * The form body: every name and value URL-encoded exactly once, so a `+` in
 * the signature travels as `%2B` and a space as `%20` (double encoding is
 * answered with 4100).
 */
export function formBody(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([name, value]) => {
      return `${encodeURIComponent(name)}=${encodeURIComponent(value)}`
    })
    .join('&')
}
