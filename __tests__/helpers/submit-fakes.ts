// Fakes for the submit stage: a scripted fetch, a manual clock, a recording
// logger, and settings for either API.
import type {
  FetchInit,
  FetchLike,
  HttpResponseLike,
  SubmitDeps
} from '../../src/submit/index'
import type { Settings } from '../../src/types'

export const SECRET_ID = 'AKIDT8G5AsY1D3MChWooNq1rFSw1fyBVCX9D'
export const SECRET_KEY = 'pxPgRWDbCy86ZYyqBTDk7WmeRZSmPco0'
export const TOKEN = 'tok-3f9a2c-temporary-session-token'

export function settingsV2(over: Partial<Settings> = {}): Settings {
  return {
    dirs: [],
    credentials: {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      sessionToken: ''
    },
    apiVersion: '2.0',
    endpoint: 'https://cdn.api.qcloud.com/v2/index.php',
    signatureMethod: 'HmacSHA256',
    batchSize: 20,
    dailyLimit: 100,
    overLimit: 'fail',
    dryRun: false,
    failOnError: true,
    retries: 3,
    timeoutMs: 5000,
    root: '',
    include: [],
    exclude: [],
    files: null,
    githubToken: '',
    area: 'overseas',
    flushType: 'flush',
    ...over
  }
}

export function settingsV3(over: Partial<Settings> = {}): Settings {
  return settingsV2({
    apiVersion: '3.0',
    endpoint: 'https://cdn.tencentcloudapi.com/',
    ...over
  })
}

export interface Call {
  n: number
  url: string
  headers: Record<string, string>
  body: string
  /** The form body parsed (2.0). */
  form: URLSearchParams
}

export interface Reply {
  status?: number
  body?: unknown
  headers?: Record<string, string>
}

/** 'hang': never answer (until aborted). An Error: fetch rejects with it. */
export type Script = (call: Call) => Reply | 'hang' | Error | Promise<Reply>

function response(reply: Reply): HttpResponseLike {
  const headers = new Map(
    Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])
  )
  const body =
    reply.body === undefined
      ? ''
      : typeof reply.body === 'string'
        ? reply.body
        : JSON.stringify(reply.body)
  return {
    status: reply.status ?? 200,
    headers: { get: name => headers.get(name.toLowerCase()) ?? null },
    text: async () => body
  }
}

function hang(init: FetchInit): Promise<never> {
  return new Promise((_resolve, reject) => {
    init.signal.addEventListener('abort', () => {
      const error = new Error('The operation was aborted.')
      error.name = 'AbortError'
      reject(error)
    })
  })
}

export interface FakeFetch {
  fetch: FetchLike
  calls: Call[]
  /** Most requests that were in flight at once. */
  maxInFlight: () => number
}

export function fakeFetch(script: Script): FakeFetch {
  const calls: Call[] = []
  let inFlight = 0
  let most = 0
  const fetch: FetchLike = async (url, init) => {
    const call: Call = {
      n: calls.length + 1,
      url,
      headers: { ...init.headers },
      body: init.body,
      form: new URLSearchParams(init.body)
    }
    calls.push(call)
    inFlight++
    most = Math.max(most, inFlight)
    try {
      const reply = script(call)
      if (reply === 'hang') return await hang(init)
      if (reply instanceof Error) throw reply
      return response(await reply)
    } finally {
      inFlight--
    }
  }
  return { fetch, calls, maxInFlight: () => most }
}

export interface Harness {
  deps: SubmitDeps
  lines: string[]
  sleeps: number[]
  clock: { now: number }
}

/** A clock that only moves when the code sleeps; a counting nonce. */
export function harness(fetch: FetchLike, start = 1463122059_000): Harness {
  const lines: string[] = []
  const sleeps: number[] = []
  const clock = { now: start }
  let nonce = 1000
  const deps: SubmitDeps = {
    fetch,
    now: () => clock.now,
    nonce: () => ++nonce,
    sleep: async ms => {
      sleeps.push(ms)
      clock.now += ms
    },
    random: () => 0.5,
    log: {
      info: m => lines.push(`info ${m}`),
      debug: m => lines.push(`debug ${m}`),
      warning: m => lines.push(`warning ${m}`)
    }
  }
  return { deps, lines, sleeps, clock }
}

export const ok2 = (count: number): Reply => ({
  body: { code: 0, message: '', codeDesc: 'Success', data: { count } }
})

export const err2 = (
  code: number,
  codeDesc: unknown,
  message: string
): Reply => ({
  body: { code, message, codeDesc }
})

export const ok3 = (taskId = 'task-1', requestId = 'req-1'): Reply => ({
  body: { Response: { TaskId: taskId, RequestId: requestId } }
})

export const err3 = (
  code: string,
  message = 'nope',
  requestId = 'req-e'
): Reply => ({
  body: {
    Response: { Error: { Code: code, Message: message }, RequestId: requestId }
  }
})

/** Deferred: a promise resolved from outside. */
export function deferred<T>(): {
  promise: Promise<T>
  resolve: (v: T) => void
} {
  let resolve!: (v: T) => void
  const promise = new Promise<T>(r => {
    resolve = r
  })
  return { promise, resolve }
}
