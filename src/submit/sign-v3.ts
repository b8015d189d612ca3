// API 3.0 TC3-HMAC-SHA256 signing (tencent-cdn-api.md, "Signing (TC3…)").
import { createHash, createHmac } from 'node:crypto'

const ALGORITHM = 'TC3-HMAC-SHA256'
const SIGNED_HEADERS = 'content-type;host'

export interface Tc3Input {
  secretId: string
  secretKey: string
  /** UNIX seconds, the value sent as X-TC-Timestamp. */
  timestamp: number
  host: string
  /** Exactly the Content-Type header sent. */
  contentType: string
  body: string
  /** `cdn` whatever the host; a parameter only for the official vector. */
  service?: string
}

export interface Tc3Signature {
  authorization: string
  /** Hex HMAC-SHA256. */
  signature: string
  signedHeaders: string
  /** `<date>/<service>/tc3_request` */
  credentialScope: string
  /** UTC date of the timestamp, YYYY-MM-DD. */
  date: string
  canonicalRequest: string
  stringToSign: string
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest()
}

/** The UTC date: a local date would break the signature nightly. */
export function utcDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10)
}

export function signTc3(input: Tc3Input): Tc3Signature {
  const service = input.service ?? 'cdn'
  const date = utcDate(input.timestamp)
  const credentialScope = `${date}/${service}/tc3_request`

  // 1. Canonical request: method, URI '/', empty query, headers, payload hash.
  const canonicalHeaders =
    `content-type:${input.contentType}\n` + `host:${input.host}\n`
  const canonicalRequest = [
    'POST',
    '/',
    '',
    canonicalHeaders,
    SIGNED_HEADERS,
    sha256Hex(input.body)
  ].join('\n')

  // 2. String to sign.
  const stringToSign = [
    ALGORITHM,
    String(input.timestamp),
    credentialScope,
    sha256Hex(canonicalRequest)
  ].join('\n')

  // 3. Derived key, then the hex signature.
  const dateKey = hmac(`TC3${input.secretKey}`, date)
  const signingKey = hmac(hmac(dateKey, service), 'tc3_request')
  const signature = createHmac('sha256', signingKey)
    .update(stringToSign, 'utf8')
    .digest('hex')

  const authorization =
    `${ALGORITHM} Credential=${input.secretId}/${credentialScope}, ` +
    `SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`
  return {
    authorization,
    signature,
    signedHeaders: SIGNED_HEADERS,
    credentialScope,
    date,
    canonicalRequest,
    stringToSign
  }
}
