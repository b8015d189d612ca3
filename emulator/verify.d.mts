// Hand-written types for verify.mjs: the emulator's own signing arithmetic,
// exported so tests can check it against the API doc's known answers.

/** `dirs_0` → `dirs.0`: the name a 2.0 parameter is signed under. */
export function v2SignedName(name: string): string

/** METHOD + host + path + '?' + sorted raw `name=value` pairs. */
export function v2StringToSign(
  method: string,
  host: string,
  path: string,
  params: Record<string, string | number> | [string, string | number][]
): string

/** base64 HMAC-SHA1, or HMAC-SHA256 when signatureMethod is HmacSHA256. */
export function v2Sign(
  secretKey: string,
  stringToSign: string,
  signatureMethod?: string
): string

export function sha256Hex(data: string | Uint8Array): string

/** YYYY-MM-DD in UTC of a UNIX timestamp in seconds. */
export function utcDate(timestamp: number | string): string

/** `POST\n/\n\n` + canonical headers + `\n` + names + `\n` + body hash. */
export function tc3CanonicalRequest(
  headers: Record<string, string | string[] | undefined>,
  signedHeaders: string[],
  body: string | Uint8Array
): string

export function tc3StringToSign(
  timestamp: number | string,
  service: string,
  canonicalRequest: string
): string

/** Hex signature with the key derived from date, service, 'tc3_request'. */
export function tc3Signature(
  secretKey: string,
  timestamp: number | string,
  service: string,
  stringToSign: string
): string

export function safeEqual(a: string, b: string): boolean
