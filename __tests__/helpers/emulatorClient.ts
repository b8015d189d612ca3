// A third, deliberately plain implementation of both signatures, written
// from the API doc with node:crypto, to talk to the emulator in its tests.
// It shares no code with the emulator (emulator/verify.mjs) or the client
// (src/submit).

import { createHash, createHmac } from 'node:crypto'
import { request, type IncomingHttpHeaders } from 'node:http'

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  text: string
}

export interface V2Body {
  code: number
  message: string
  codeDesc: number | string
  data?: { count: number }
}

export interface Quota {
  Area: string
  Batch: number
  Total: number
  Available: number
}

export interface V3Body {
  Response: {
    Error?: { Code: string; Message: string }
    RequestId: string
    TaskId?: string
    PathPurge?: Quota[]
    UrlPurge?: Quota[]
  }
}

/** One HTTP exchange; rejects on socket errors (with their `code`). */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string }
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const method = options.method ?? 'GET'
    const req = request(url, { method, headers: options.headers, agent: false })
    req.on('error', reject)
    req.on('response', res => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8')
        })
      )
    })
    req.end(options.body)
  })
}

export interface V2Request {
  secretId: string
  secretKey: string
  /** Host as signed; the emulator's `host:port` unless testing a mismatch. */
  host: string
  timestamp: number
  nonce: number
  dirs: string[]
  method?: 'GET' | 'POST'
  action?: string
  signatureMethod?: 'HmacSHA1' | 'HmacSHA256'
  /** Added to the signed parameters as given (e.g. Token, or a dirs gap). */
  extra?: Record<string, string>
  /** Name used for each dir; default `dirs.N`. */
  dirName?: (index: number) => string
}

/** Every parameter, Signature included, with raw values. */
export function signV2(r: V2Request): [string, string][] {
  const dirName = r.dirName ?? ((i: number) => `dirs.${i}`)
  const params: [string, string][] = [
    ['Action', r.action ?? 'RefreshCdnOverSeaDir'],
    ['SecretId', r.secretId],
    ['Timestamp', String(r.timestamp)],
    ['Nonce', String(r.nonce)],
    ...r.dirs.map((dir, i): [string, string] => [dirName(i), dir]),
    ...Object.entries(r.extra ?? {})
  ]
  if (r.signatureMethod) params.push(['SignatureMethod', r.signatureMethod])
  // Names are ASCII, so code-unit order is byte order; '_' signs as '.'.
  const joined = params
    .map(([name, value]) => [name.replace(/_/g, '.'), value])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
  const method = r.method ?? 'POST'
  const text = `${method}${r.host}/v2/index.php?${joined}`
  const hash = r.signatureMethod === 'HmacSHA256' ? 'sha256' : 'sha1'
  const signature = createHmac(hash, r.secretKey).update(text).digest('base64')
  return [...params, ['Signature', signature]]
}

/** Each name and value percent-encoded exactly once ('+' as %2B). */
export function encodeParams(params: [string, string][]): string {
  return params
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
}

/** Sends a signed 2.0 request as POST (form body) or GET (query). */
export function sendV2(
  endpoint: string,
  params: [string, string][],
  method: 'GET' | 'POST' = 'POST'
): Promise<RawResponse> {
  const encoded = encodeParams(params)
  if (method === 'GET') return send(`${endpoint}?${encoded}`, {})
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded' }
  return send(endpoint, { method, headers, body: encoded })
}

export interface V3Request {
  secretId: string
  secretKey: string
  host: string
  action: string
  timestamp: number
  body: string
  /** Content-Type as signed and, unless `sentContentType`, as sent. */
  contentType?: string
  sentContentType?: string
  /** Credential date; default the UTC date of the timestamp. */
  date?: string
  token?: string
}

const sha256 = (text: string): string =>
  createHash('sha256').update(text).digest('hex')

/** Headers of a TC3-HMAC-SHA256 signed 3.0 request. */
export function signV3(r: V3Request): Record<string, string> {
  const contentType = r.contentType ?? 'application/json'
  const date = r.date ?? new Date(r.timestamp * 1000).toISOString().slice(0, 10)
  const canonical =
    `POST\n/\n\ncontent-type:${contentType}\nhost:${r.host}\n\n` +
    `content-type;host\n${sha256(r.body)}`
  const scope = `${date}/cdn/tc3_request`
  const toSign = `TC3-HMAC-SHA256\n${r.timestamp}\n${scope}\n${sha256(canonical)}`
  let key: Buffer = createHmac('sha256', `TC3${r.secretKey}`)
    .update(date)
    .digest()
  for (const part of ['cdn', 'tc3_request']) {
    key = createHmac('sha256', key).update(part).digest()
  }
  const signature = createHmac('sha256', key).update(toSign).digest('hex')
  const headers: Record<string, string> = {
    'Content-Type': r.sentContentType ?? contentType,
    'X-TC-Action': r.action,
    'X-TC-Version': '2018-06-06',
    'X-TC-Timestamp': String(r.timestamp),
    Authorization:
      `TC3-HMAC-SHA256 Credential=${r.secretId}/${scope}, ` +
      `SignedHeaders=content-type;host, Signature=${signature}`
  }
  if (r.token !== undefined) headers['X-TC-Token'] = r.token
  return headers
}

export function sendV3(endpoint: string, r: V3Request): Promise<RawResponse> {
  const headers = signV3(r)
  return send(endpoint, { method: 'POST', headers, body: r.body })
}

/** Waits until `ready()` holds, polling briefly; fails after ~2 s. */
export async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i++) {
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  if (!ready()) throw new Error('condition not met in time')
}
