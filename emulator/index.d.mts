// Hand-written types for index.mjs, so TypeScript tests can import the
// emulator as plain JavaScript with no build step.

import type { IncomingHttpHeaders } from 'node:http'

export type Area = 'overseas' | 'mainland'

export interface EmulatorOptions {
  /** Accepted key pairs: SecretId → SecretKey. */
  credentials: Record<string, string>
  /** Hosts (`host[:port]`, case-insensitive) served by overseas CDN. */
  overseasDomains: string[]
  /** Hosts served by mainland CDN (3.0 with Area 'mainland'). Default []. */
  mainlandDomains?: string[]
  /**
   * Dirs per SecretId per day, default 100. Counted per area; 2.0 and 3.0
   * 'overseas' share one counter. Days turn over at midnight UTC+8.
   */
  dailyLimit?: number
  /** Dirs per request, default 20. */
  batchLimit?: number
  /** Clock in ms, default Date.now: timestamps and quota days use it. */
  now?: () => number
  /** Default 0, a free port. Always listens on 127.0.0.1. */
  port?: number
  /** Called with one human-readable line per request answered or dropped. */
  log?: (line: string) => void
}

/**
 * A misbehaviour for one request, instead of the normal answer:
 * - `{ status, body?, contentType? }` that HTTP status; the body defaults to
 *   an HTML error page, the type is guessed from the body when not given;
 * - `{ hang: true }` reads the request and never answers (close() ends it);
 * - `{ reset: true }` reads the request, then resets the TCP connection;
 * - `{ body, contentType? }` HTTP 200 with that raw body (default text/html);
 * - `{ truncate: true }` the first half of a JSON success body (2.0 shape on
 *   the 2.0 path and unknown paths, 3.0 shape on `/`);
 * - `{ code, codeDesc?, message? }` a 2.0 error body (on any path);
 * - `{ error, message? }` a 3.0 `Response.Error` body (on any path);
 * - `{ notFound: true }` HTTP 404 with an HTML page, like the retired host;
 * - `{ delay: ms }` the normal answer, sent `ms` later (a slow API). Unlike
 *   the others, the request is acted on as usual on arrival (its Nonce is
 *   recorded and its dirs spend quota), even if the client gives up before
 *   the answer leaves; the answer is then dropped and `status` stays 0.
 */
export type FaultSpec =
  | { status: number; body?: string; contentType?: string }
  | { hang: true }
  | { reset: true }
  | { body: string; contentType?: string }
  | { truncate: true }
  | { code: number; codeDesc?: number | string; message?: string }
  | { error: string; message?: string }
  | { notFound: true }
  | { delay: number }

/**
 * One HTTP request, logged on arrival (so in arrival order) and completed
 * once answered. A fault-served request is parsed and its signature checked
 * like any other (so `verified` is meaningful), but it records no Nonce and
 * spends no quota (except `delay`, which is served normally, only late).
 */
export interface RecordedRequest {
  /** By path: `/v2/index.php` is 2.0, `/` is 3.0, anything else unknown. */
  api: '2.0' | '3.0' | 'unknown'
  /** 2.0 Action parameter or 3.0 X-TC-Action header; '' if absent. */
  action: string
  method: string
  /** Request path without the query string. */
  path: string
  /**
   * Authentication passed: known key, fresh timestamp, matching signature
   * (and for 2.0 a valid, unused Nonce). Parameter checks after that, such
   * as hosts and quota, do not affect it.
   */
  verified: boolean
  /** '' if absent. */
  secretId: string
  /** 2.0 only, as a number. */
  nonce?: number
  /** Seconds, or null if absent or not a number. */
  timestamp: number | null
  /** 2.0 `dirs.N` values (decoded, in index order) or 3.0 `Paths`. */
  dirs: string[]
  /** 2.0: every parameter once decoded, under the names sent. */
  params?: Record<string, string>
  /** 3.0: the parsed JSON body, or the raw text if it is not JSON. */
  body?: unknown
  headers: IncomingHttpHeaders
  /** 2.0 `Token` or 3.0 `X-TC-Token`, when sent. */
  token?: string
  /** 2.0: the string the emulator signed (to debug a 4100). */
  stringToSign?: string
  /** 3.0: the canonical request the emulator hashed, once it got that far. */
  canonicalRequest?: string
  /** HTTP status sent; 0 while unanswered, or after a hang or reset. */
  status: number
  /** The JSON sent, parsed; or the raw text; undefined if none was sent. */
  response: unknown
  /** Label of the fault served: 'status 503', 'hang', 'code 6000', 'delay 300', … */
  fault?: string
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  url: string
  /** `${url}/v2/index.php` */
  v2Endpoint: string
  /** `${url}/` */
  v3Endpoint: string
  /** Every request received, in order of arrival. */
  requests: RecordedRequest[]
  /** Dirs accepted today for that SecretId and area. */
  used(secretId: string, area?: Area): number
  setUsed(secretId: string, count: number, area?: Area): void
  /**
   * Queues `spec` for the next `times` requests (default 1). The queue is
   * FIFO and shared by all paths: each request takes the head on arrival,
   * and once the queue is empty requests behave normally again.
   */
  fault(spec: FaultSpec, times?: number): void
  clearFaults(): void
  /** Stops listening and destroys every socket, hung ones included. */
  close(): Promise<void>
}

export function startEmulator(options: EmulatorOptions): Promise<Emulator>
