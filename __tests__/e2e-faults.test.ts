// Issue 4, the fault matrix: the committed bundle (dist/index.js), run as a
// runner runs it, against the local emulator's fault modes. Every row runs
// its own emulator, so rows run concurrently and stay independent.
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  startEmulator,
  type Emulator,
  type FaultSpec,
  type RecordedRequest
} from '../emulator/index.mjs'
import {
  runAction,
  type ActionRun,
  type Annotation
} from '../scripts/run-action.mjs'

const SECRET_ID = 'AKIDfaultMatrixSecretId00000000000'
const SECRET_KEY = 'faultMatrixSecretKeyValue0000000'
const HOST = 'www.example.com'
const DIRS = ['a', 'b', 'c'].map(d => `https://${HOST}/${d}/`)

async function withEmulator<T>(
  work: (emu: Emulator) => Promise<T>
): Promise<T> {
  const emu = await startEmulator({
    credentials: { [SECRET_ID]: SECRET_KEY },
    overseasDomains: [HOST, 'static.example.com']
  })
  try {
    return await work(emu)
  } finally {
    await emu.close()
  }
}

type Api = '2.0' | '3.0'

function run(
  emu: Emulator | null,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  api: Api = '2.0'
): Promise<ActionRun> {
  const endpoint =
    emu === null ? '' : api === '2.0' ? emu.v2Endpoint : emu.v3Endpoint
  return runAction({
    inputs: {
      'secret-id': SECRET_ID,
      'secret-key': SECRET_KEY,
      'api-version': api,
      endpoint,
      dirs: DIRS.join('\n'),
      ...inputs
    },
    env,
    event: { ref: 'refs/heads/main' }
  })
}

const json = (text: string | undefined): unknown => JSON.parse(text ?? 'null')

const errors = (result: ActionRun): Annotation[] =>
  result.annotations.filter(a => a.level === 'error')

/** The annotation of the one batch that did not get through. */
function batchError(result: ActionRun): Annotation {
  const found = errors(result).filter(a => a.title?.startsWith('Batch'))
  expect(found).toHaveLength(1)
  return found[0]
}

/** PurgePathCache or RefreshCdnOverSeaDir calls, not the 3.0 quota call. */
const purges = (emu: Emulator): RecordedRequest[] =>
  emu.requests.filter(r => r.action !== 'DescribePurgeQuota')

/** Exit 1, nothing counted, and no trace or unhandled rejection anywhere. */
function expectCleanFailure(result: ActionRun): void {
  expect(result.exitCode).toBe(1)
  expect(result.outputs.count).toBe('0')
  expect(json(result.outputs['refreshed-dirs'])).toEqual([])
  expect(json(result.outputs['failed-dirs'])).toEqual(DIRS)
  const all = result.stdout + result.stderr
  expect(all).not.toMatch(/\bat .*:\d+:\d+\)?$/m)
  expect(all).not.toMatch(/Unhandled|unhandledRejection|Unexpected error/)
}

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise(resolve => server.close(resolve))
  return port
}

describe('transient HTTP and network failures', () => {
  it.concurrent(
    '503, 502, 500, then success: retried with backoff, each attempt freshly signed; right count (F4)',
    () =>
      withEmulator(async emu => {
        for (const status of [503, 502, 500]) emu.fault({ status })
        const result = await run(emu, {}, { RUNNER_DEBUG: '1' })

        expect(result.exitCode).toBe(0)
        expect(result.outputs.count).toBe('3')
        expect(result.outputs.requests).toBe('1')
        expect(json(result.outputs['refreshed-dirs'])).toEqual(DIRS)
        expect(emu.used(SECRET_ID)).toBe(3)
        const sent = emu.requests
        expect(sent.map(r => r.fault)).toEqual([
          'status 503',
          'status 502',
          'status 500',
          undefined
        ])
        expect(sent.every(r => r.verified)).toBe(true)
        const nonces = sent.map(r => r.nonce)
        const signatures = sent.map(r => r.params?.Signature)
        expect(new Set(nonces).size).toBe(4)
        expect(new Set(signatures).size).toBe(4)
        // Waits of at least 0.5 + 1 + 2 s: the last Timestamp is fresh.
        const stamps = sent.map(r => r.timestamp ?? 0)
        expect([...stamps].sort((x, y) => x - y)).toEqual(stamps)
        expect(stamps[3] - stamps[0]).toBeGreaterThanOrEqual(3)
        // Backoff doubles: 0.5-1 s, 1-2 s, 2-4 s.
        const waits = [...result.stdout.matchAll(/retrying in ([\d.]+) s/g)]
        const seconds = waits.map(m => Number(m[1]))
        expect(seconds).toHaveLength(3)
        expect(seconds[0]).toBeGreaterThanOrEqual(0.5)
        expect(seconds[0]).toBeLessThanOrEqual(1)
        expect(seconds[1]).toBeGreaterThanOrEqual(1)
        expect(seconds[1]).toBeLessThanOrEqual(2)
        expect(seconds[2]).toBeGreaterThanOrEqual(2)
        expect(seconds[2]).toBeLessThanOrEqual(4)
        expect(result.stdout).toContain('accepted, count 3 after 4 attempts')
        expect(errors(result)).toEqual([])
      })
  )

  it.concurrent(
    'a hung connection: the timeout fires and the attempt is retried',
    () =>
      withEmulator(async emu => {
        emu.fault({ hang: true })
        const result = await run(emu, { timeout: '1', retries: '1' })

        expect(result.exitCode).toBe(0)
        expect(result.outputs.count).toBe('3')
        expect(emu.requests.map(r => r.fault)).toEqual(['hang', undefined])
        expect(emu.requests[1].verified).toBe(true)
        expect(emu.requests[1].nonce).not.toBe(emu.requests[0].nonce)
        // 1 s timeout plus a 0.5-1 s wait, and no 15 s default.
        expect(result.ms).toBeGreaterThanOrEqual(1400)
        expect(result.ms).toBeLessThan(6000)
        expect(result.stdout).toMatch(
          /accepted, count 3 after 2 attempts \(accepted on attempt 2 after a timeout/
        )
      })
  )

  it.concurrent(
    'a reset connection: retried, then a clear error naming the endpoint (F11)',
    () =>
      withEmulator(async emu => {
        emu.fault({ reset: true }, 2)
        const result = await run(emu, { retries: '1' })

        expectCleanFailure(result)
        expect(emu.requests.map(r => r.fault)).toEqual(['reset', 'reset'])
        const error = batchError(result)
        expect(error.title).toBe('Batch 1 of 1 refresh failed: network')
        expect(error.message).toContain(
          `could not reach ${emu.v2Endpoint}: ECONNRESET`
        )
        expect(result.stdout).toContain('after 2 attempts')
      })
  )

  it.concurrent(
    'a refused connection: retried, then a clear error naming the endpoint',
    async () => {
      const endpoint = `http://127.0.0.1:${await closedPort()}/v2/index.php`
      const result = await run(null, { endpoint, retries: '1' })

      expectCleanFailure(result)
      const error = batchError(result)
      expect(error.title).toBe('Batch 1 of 1 refresh failed: network')
      expect(error.message).toContain(
        `could not reach ${endpoint}: ECONNREFUSED`
      )
      expect(result.stdout).toContain('after 2 attempts')
    }
  )

  it.concurrent.each<[Api, string]>([
    ['2.0', 'http://nonexistent.invalid/v2/index.php'],
    ['3.0', 'http://nonexistent.invalid/']
  ])(
    'a DNS failure on API %s: retried, then a clear error naming the host (F42)',
    async (api, endpoint) => {
      // `.invalid` never resolves (RFC 6761): no request leaves the machine.
      const result = await run(null, { endpoint, retries: '1' }, {}, api)

      expectCleanFailure(result)
      const error = batchError(result)
      expect(error.title).toBe('Batch 1 of 1 refresh failed: network')
      expect(error.message).toContain(
        'DNS lookup failed for nonexistent.invalid (ENOTFOUND)'
      )
      if (api === '2.0') {
        // A 2.0 host that no longer resolves: the hint names it and 3.0.
        expect(error.message).toContain(endpoint)
        expect(error.message).toContain('api-version: 3.0')
      }
      expect(result.stdout).toContain('after 2 attempts')
    }
  )
})

// The API doc's "worth retrying" codes. 5100, 6000 and 6200 are public
// codes; the others are CDN business codes carried under 4000.
const RETRYABLE_V2: [string, FaultSpec][] = [
  ['5100', { code: 5100 }],
  ['6000', { code: 6000 }],
  ['6200', { code: 6200 }],
  ...[9000, -9011, 9163, 22063].map((n): [string, FaultSpec] => [
    String(n),
    { code: 4000, codeDesc: n, message: `(${n}) please retry later` }
  ])
]

// Final codes, each with the hint of its likely cause.
const FINAL_V2: [string, FaultSpec, RegExp][] = [
  ['4100', { code: 4100 }, /secret-id and secret-key.*clock/],
  ...[4101, 4102, 4103, 4105, 4106, 4107, 4108, 4109, 4110].map(
    (n): [string, FaultSpec, RegExp] => [
      String(n),
      { code: n },
      /CAM user .*cdn:RefreshCdnOverSeaDir.*session-token/
    ]
  ),
  ['4104', { code: 4104 }, /secret-id and secret-key/],
  ['4300', { code: 4300 }, /CAM user/],
  ...(
    [
      [9110, /domain is not .*CDN.* area.*overseas/],
      [1012, /domain is not .*CDN.* area.*overseas/],
      [22045, /lower batch-size/],
      [22046, /daily quota .* used up; it resets daily/]
    ] as [number, RegExp][]
  ).map(([n, hint]): [string, FaultSpec, RegExp] => [
    String(n),
    { code: 4000, codeDesc: n, message: `(${n}) refused` },
    hint
  ]),
  ['6100', { code: 6100 }, /retired API 2\.0.*`api-version: 3\.0`/]
]

describe('API 2.0 codes', () => {
  it.concurrent.each(RETRYABLE_V2)(
    '%s is retried, then reported with its code',
    (code, spec) =>
      withEmulator(async emu => {
        emu.fault(spec, 2)
        const result = await run(emu, { retries: '1' })

        expectCleanFailure(result)
        expect(emu.requests).toHaveLength(2)
        expect(emu.requests.every(r => r.verified)).toBe(true)
        const error = batchError(result)
        expect(error.title).toBe(`Batch 1 of 1 refresh failed: ${code}`)
        expect(error.message).toContain(`(${code})`)
        expect(error.message).toContain('temporary problem')
        expect(result.stdout).toContain('after 2 attempts')
      })
  )

  it.concurrent(
    'a retryable code, then success: accepted on the second attempt',
    () =>
      withEmulator(async emu => {
        emu.fault({ code: 4000, codeDesc: 9163, message: '(9163) too often' })
        const result = await run(emu, { retries: '1' })

        expect(result.exitCode).toBe(0)
        expect(result.outputs.count).toBe('3')
        expect(emu.requests).toHaveLength(2)
        expect(emu.used(SECRET_ID)).toBe(3)
      })
  )

  it.concurrent.each([4200, 4500])(
    '%s is retried once only, with a fresh Timestamp and Nonce; the hint says clock',
    code =>
      withEmulator(async emu => {
        emu.fault({ code }, 5)
        const result = await run(emu, { retries: '3' })

        expectCleanFailure(result)
        expect(emu.requests).toHaveLength(2)
        expect(emu.requests[1].nonce).not.toBe(emu.requests[0].nonce)
        const error = batchError(result)
        expect(error.title).toBe(`Batch 1 of 1 refresh failed: ${code}`)
        expect(error.message).toMatch(/runner clock .* off/)
      })
  )

  it.concurrent.each(FINAL_V2)(
    '%s is final: one attempt, the code in the annotation, a hint of the cause',
    (code, spec, hint) =>
      withEmulator(async emu => {
        emu.fault(spec, 3)
        const result = await run(emu, { retries: '3' })

        expectCleanFailure(result)
        expect(emu.requests).toHaveLength(1)
        expect(result.outputs.requests).toBe('1')
        const error = batchError(result)
        expect(error.title).toBe(`Batch 1 of 1 refresh failed: ${code}`)
        expect(error.message.replace(/\n/g, ' ')).toMatch(hint)
        expect(result.stdout).toContain('after 1 attempt')
      })
  )

  it.concurrent(
    'a wrong SecretKey: the API’s own 4100 fails at once, hinting key and clock',
    () =>
      withEmulator(async emu => {
        const result = await run(emu, { 'secret-key': 'notTheRightKey0000' })

        expectCleanFailure(result)
        expect(emu.requests).toHaveLength(1)
        expect(emu.requests[0].verified).toBe(false)
        const error = batchError(result)
        // The emulator answers `{"code":4100,"message":"(100003)…"}`.
        expect(error.title).toBe('Batch 1 of 1 refresh failed: 4100')
        expect(error.message).toContain('(100003) signature mismatch')
        expect(error.message).toMatch(/secret-id and secret-key.*\n?.*clock/)
      })
  )

  it.concurrent(
    'an unknown SecretId: the API’s own 4104 fails at once, hinting the key',
    () =>
      withEmulator(async emu => {
        const result = await run(emu, { 'secret-id': 'AKIDnobodyKnowsThisId' })

        expectCleanFailure(result)
        expect(emu.requests).toHaveLength(1)
        const error = batchError(result)
        expect(error.title).toBe('Batch 1 of 1 refresh failed: 4104')
        expect(error.message).toContain('secret-id and secret-key')
      })
  )
})

// 3.0 runs ask DescribePurgeQuota first; faults are FIFO over all
// requests, so one more is queued for that call (which only warns).
describe('API 3.0 codes', () => {
  it.concurrent.each([
    'RequestLimitExceeded',
    'InternalError',
    'InternalError.CdnSystemError',
    'UnauthorizedOperation.OperationTooOften'
  ])('%s is retried', code =>
    withEmulator(async emu => {
      emu.fault({ error: code }, 3)
      const result = await run(emu, { retries: '1' }, {}, '3.0')

      expectCleanFailure(result)
      expect(purges(emu)).toHaveLength(2)
      const error = batchError(result)
      expect(error.title).toBe(`Batch 1 of 1 refresh failed: ${code}`)
      expect(error.message).toMatch(/RequestId: [0-9a-f-]{36}/)
    })
  )

  it.concurrent.each<[string, RegExp]>([
    ['AuthFailure.SignatureFailure', /secret-id and secret-key/],
    ['AuthFailure.SecretIdNotFound', /secret-id and secret-key/],
    ['AuthFailure.SignatureExpire', /runner clock/],
    ['LimitExceeded.CdnPurgePathExceedDayLimit', /daily quota/],
    ['LimitExceeded.CdnPurgePathExceedBatchLimit', /batch-size/],
    ['InvalidParameter.CdnPurgeWildcardNotAllowed', /without wildcards/],
    ['ResourceNotFound.CdnHostNotExists', /domain is not .*CDN.* area/],
    ['UnauthorizedOperation.CdnCamUnauthorized', /cdn:PurgePathCache/]
  ])('%s is final: one attempt, with a hint', (code, hint) =>
    withEmulator(async emu => {
      emu.fault({ error: code }, 3)
      const result = await run(emu, { retries: '3' }, {}, '3.0')

      expectCleanFailure(result)
      expect(purges(emu)).toHaveLength(1)
      const error = batchError(result)
      expect(error.title).toBe(`Batch 1 of 1 refresh failed: ${code}`)
      expect(error.message).toMatch(hint)
    })
  )
})

describe('answers that are not the API’s word are never a success', () => {
  const json200 = (body: string): FaultSpec => ({
    body,
    contentType: 'application/json'
  })
  it.concurrent.each<[string, Api, FaultSpec]>([
    ['a non-JSON body', '2.0', { body: 'OK', contentType: 'text/plain' }],
    ['an HTML page with HTTP 200', '2.0', { body: '<html>ok</html>' }],
    ['a truncated body', '2.0', { truncate: true }],
    ['{}', '2.0', json200('{}')],
    ['null', '2.0', json200('null')],
    ['JSON without code', '2.0', json200('{"data":{"count":3}}')],
    ['a string code', '2.0', json200('{"code":"0","data":{"count":3}}')],
    ['an empty body', '2.0', json200('')],
    ['a truncated body', '3.0', { truncate: true }],
    ['{}', '3.0', json200('{}')],
    ['null', '3.0', json200('null')],
    ['a non-JSON body', '3.0', { body: 'OK', contentType: 'text/plain' }]
  ])('%s on API %s: retried as transient, then failed', (_name, api, spec) =>
    withEmulator(async emu => {
      emu.fault(spec, 3)
      const result = await run(emu, { retries: '1' }, {}, api)

      expectCleanFailure(result)
      expect(purges(emu)).toHaveLength(2)
      const error = batchError(result)
      expect(error.title).toBe('Batch 1 of 1 refresh failed: unexpected answer')
      expect(result.summary).toContain('0 of 3 directories refreshed')
    })
  )
})

describe('quota and uncertain outcomes', () => {
  it.concurrent(
    'the daily quota running out mid-run: nothing resent, outputs say exactly what was accepted (F36)',
    () =>
      withEmulator(async emu => {
        emu.setUsed(SECRET_ID, 80) // 20 of 100 left today
        const dirs = Array.from(
          { length: 45 },
          (_, i) => `https://${HOST}/p${String(i).padStart(2, '0')}/`
        )
        const result = await run(emu, { dirs: dirs.join('\n') })

        expect(result.exitCode).toBe(1)
        // Each batch went out at most once: 22046 is never retried.
        const sent = emu.requests.map(r => r.dirs.join(' '))
        expect(new Set(sent).size).toBe(sent.length)
        expect(emu.requests.length).toBeLessThanOrEqual(3)
        expect(result.outputs.requests).toBe(String(emu.requests.length))
        const accepted = emu.requests
          .filter(r => (r.response as { code?: number }).code === 0)
          .flatMap(r => r.dirs)
        const refused = emu.requests.filter(
          r => (r.response as { codeDesc?: number }).codeDesc === 22046
        )
        expect(accepted.length).toBeGreaterThan(0)
        expect(refused.length).toBeGreaterThan(0)
        // count, refreshed-dirs and failed-dirs: what the emulator accepted.
        expect(result.outputs.count).toBe(String(emu.used(SECRET_ID) - 80))
        expect(result.outputs.count).toBe(String(accepted.length))
        expect(json(result.outputs['refreshed-dirs'])).toEqual(
          [...accepted].sort()
        )
        expect(json(result.outputs['failed-dirs'])).toEqual(
          dirs.filter(d => !accepted.includes(d))
        )
        const quota = errors(result).filter(a => a.title?.includes('22046'))
        expect(quota.length).toBe(refused.length)
        expect(quota[0].message).toMatch(/daily quota .* resets daily/)
      })
  )

  it.concurrent(
    'once the quota is gone, batches not yet sent are held back and reported as not sent',
    () =>
      withEmulator(async emu => {
        emu.setUsed(SECRET_ID, 100) // nothing left
        // 12 batches of 1, 5 at a time: the first answer stops the rest.
        const dirs = Array.from(
          { length: 12 },
          (_, i) => `https://${HOST}/q${String(i).padStart(2, '0')}/`
        )
        const result = await run(emu, {
          dirs: dirs.join('\n'),
          'batch-size': '1'
        })

        expect(result.exitCode).toBe(1)
        expect(emu.requests).toHaveLength(5)
        expect(result.outputs.requests).toBe('5')
        expect(result.outputs.count).toBe('0')
        expect(json(result.outputs['failed-dirs'])).toEqual(dirs)
        expect(result.summary.match(/\| ⏸️ not sent \|/g)).toHaveLength(7)
        expect(
          result.stdout.match(/: not sent: batch \d+ answered 22046/g)
        ).toHaveLength(7)
      })
  )

  it.concurrent(
    'a timeout on a request the API did accept is reported as "may have been refreshed"',
    () =>
      withEmulator(async emu => {
        // The emulator acts on arrival and answers too late.
        emu.fault({ delay: 3000 })
        const result = await run(emu, { timeout: '1', retries: '0' })

        expectCleanFailure(result)
        expect(emu.used(SECRET_ID)).toBe(3) // it really was accepted
        const error = batchError(result)
        expect(error.title).toBe(
          'Batch 1 of 1 may have been refreshed: timeout'
        )
        expect(error.message).toContain(
          `no answer from ${emu.v2Endpoint} within 1 s; the dirs may have been refreshed`
        )
        expect(error.message).toContain('check the refresh history')
        expect(result.summary).toContain('⚠️ may have been refreshed')
      })
  )

  it.concurrent(
    'a timeout, then success: accepted, and the log says the quota may have been spent twice',
    () =>
      withEmulator(async emu => {
        emu.fault({ delay: 3000 })
        const result = await run(emu, { timeout: '1', retries: '1' })

        expect(result.exitCode).toBe(0)
        expect(result.outputs.count).toBe('3')
        expect(emu.used(SECRET_ID)).toBe(6) // both attempts were accepted
        expect(result.stdout).toContain(
          'the timed-out request may also have been accepted, so the quota may have been spent twice'
        )
      })
  )
})

// Speeds the bundle's clock up, for the budget test only: Date.now, global
// setTimeout and timers/promises run SPEED times faster. No knob in the
// action; Node loads this file first (NODE_OPTIONS=--require).
const SPEED = 20
const WARP = `
const SPEED = ${SPEED}
const realNow = Date.now.bind(Date)
const start = realNow()
Date.now = () => Math.floor(start + (realNow() - start) * SPEED)
const realSetTimeout = globalThis.setTimeout
globalThis.setTimeout = (fn, ms, ...args) =>
  realSetTimeout(fn, (Number(ms) || 0) / SPEED, ...args)
const promises = require('node:timers/promises')
const realDelay = promises.setTimeout
promises.setTimeout = (ms, ...rest) => realDelay((Number(ms) || 0) / SPEED, ...rest)
require('node:module').syncBuiltinESMExports()
`

describe('the retry budget', () => {
  it.concurrent(
    'retries stop 120 s after the submit began, however many were asked for',
    () =>
      withEmulator(async emu => {
        const dir = mkdtempSync(join(tmpdir(), 'cdn-refresh-warp-'))
        const warp = join(dir, 'warp.cjs')
        writeFileSync(warp, WARP)
        try {
          emu.fault({ hang: true }, 20)
          // 30 s per attempt, 10 retries allowed: unbounded, ~5.5 minutes.
          const result = await run(
            emu,
            { timeout: '30', retries: '10' },
            { NODE_OPTIONS: `--require ${warp}` }
          )

          expectCleanFailure(result)
          // Attempts start at 0, ~31, ~63 and ~96 s; the 5th would be
          // past 120 s, so the step ends at ~126 s (120 s + one timeout).
          expect(emu.requests).toHaveLength(4)
          expect(emu.requests.every(r => r.verified)).toBe(true)
          const virtual = (result.ms * SPEED) / 1000
          expect(virtual).toBeGreaterThan(120)
          expect(virtual).toBeLessThan(150)
          const error = batchError(result)
          expect(error.title).toBe(
            'Batch 1 of 1 may have been refreshed: timeout'
          )
          expect(error.message).toContain('stopped retrying: 120 s budget used')
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      })
  )
})

describe('concurrency', () => {
  it.concurrent(
    'never more than 5 requests in flight; a failed batch cancels and hides none of the others',
    () =>
      withEmulator(async emu => {
        // 12 batches of 1, each answered 300 ms late; one host is unknown.
        emu.fault({ delay: 300 }, 12)
        const good = Array.from(
          { length: 11 },
          (_, i) => `https://${HOST}/c${String(i).padStart(2, '0')}/`
        )
        const bad = 'https://unknown.example.org/x/'
        let most = 0
        const poll = setInterval(() => {
          const open = emu.requests.filter(r => r.status === 0).length
          most = Math.max(most, open)
        }, 5)
        let result: ActionRun
        try {
          result = await run(emu, {
            dirs: [...good, bad].join('\n'),
            'batch-size': '1'
          })
        } finally {
          clearInterval(poll)
        }

        expect(most).toBe(5)
        expect(emu.requests).toHaveLength(12)
        expect(result.exitCode).toBe(1)
        expect(result.outputs.count).toBe('11')
        expect(result.outputs.requests).toBe('12')
        expect(json(result.outputs['refreshed-dirs'])).toEqual(good)
        expect(json(result.outputs['failed-dirs'])).toEqual([bad])
        const error = batchError(result)
        expect(error.title).toMatch(/^Batch \d+ of 12 refresh failed: 9110$/)
        expect(error.message).toContain(bad)
        expect(result.summary.match(/\| ✅ refreshed \|/g)).toHaveLength(11)
        expect(result.stdout.match(/: accepted, count 1/g)).toHaveLength(11)
      })
  )
})

describe('secrecy (F31, F32)', () => {
  const TOKEN = 'sessionTokenForSecrecyTest0123456789'

  /** Everything a run shows, the runner's masking commands aside. */
  function shown(result: ActionRun): string {
    const stdout = result.stdout
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
      .join('\n')
    return [
      stdout,
      result.stderr,
      Object.values(result.outputs).join('\n'),
      result.summary
    ].join('\n')
  }

  const sha256 = (text: string): string =>
    createHash('sha256').update(text).digest('hex')

  /** What must never appear, from what the emulator saw. */
  function secretsOf(requests: RecordedRequest[], keys: string[]): string[] {
    const found = [...keys]
    for (const r of requests) {
      if (r.params?.Signature) found.push(r.params.Signature)
      if (r.stringToSign) found.push(r.stringToSign)
      const auth = r.headers.authorization
      if (typeof auth === 'string') {
        found.push(auth, /Signature=([0-9a-f]+)/.exec(auth)?.[1] ?? auth)
      }
      if (r.canonicalRequest) {
        found.push(r.canonicalRequest, sha256(r.canonicalRequest))
      }
    }
    return [...new Set([...found, ...found.map(encodeURIComponent)])]
  }

  function expectNothingLeaked(result: ActionRun, secrets: string[]): void {
    const text = shown(result)
    for (const secret of secrets) expect(text).not.toContain(secret)
    // Nothing that looks like a signed request either.
    expect(text).not.toMatch(
      /Signature=|SecretId=|Nonce=|TC3-HMAC-SHA256|Credential=|X-TC-Token|POST127/
    )
  }

  it.concurrent.each<Api>(['2.0', '3.0'])(
    'API %s with debug logging, 503s, a retry and an auth failure: no credential, signature or signed string shown',
    api =>
      withEmulator(async emu => {
        // 3.0 asks for its quota first: that call gets the first 503.
        if (api === '3.0') emu.fault({ status: 503 })
        emu.fault({ status: 503 })
        emu.fault(api === '2.0' ? { code: 4100 } : { error: 'AuthFailure' })
        const dirs = Array.from(
          { length: 25 },
          (_, i) => `https://${HOST}/s${String(i).padStart(2, '0')}/`
        )
        const result = await run(
          emu,
          {
            dirs: dirs.join('\n'),
            'session-token': TOKEN,
            'batch-size': '20',
            retries: '2'
          },
          { RUNNER_DEBUG: '1' },
          api
        )

        // One batch retried into success, one failed at once.
        expect(result.exitCode).toBe(1)
        expect(purges(emu)).toHaveLength(3)
        expect(result.stdout).toContain('::debug::')
        expect(result.stdout).toContain('after 2 attempts')
        for (const secret of [SECRET_ID, SECRET_KEY, TOKEN]) {
          expect(result.stdout).toContain(`::add-mask::${secret}`)
        }
        expect(emu.requests.every(r => r.token === TOKEN)).toBe(true)
        const secrets = secretsOf(emu.requests, [SECRET_ID, SECRET_KEY, TOKEN])
        // Each request gave its signature and signed string to look for.
        expect(secrets.length).toBeGreaterThan(2 * emu.requests.length + 3)
        expectNothingLeaked(result, secrets)
      })
  )

  it.concurrent.each<Api>(['2.0', '3.0'])(
    'API %s with a wrong key and debug logging: the failure shows no key or signature',
    api =>
      withEmulator(async emu => {
        const wrong = 'wrongSecretKeyForSecrecyTest00000'
        const result = await run(
          emu,
          { 'secret-key': wrong, retries: '1' },
          { RUNNER_DEBUG: '1' },
          api
        )

        expectCleanFailure(result)
        expect(purges(emu).every(r => !r.verified)).toBe(true)
        expectNothingLeaked(result, secretsOf(emu.requests, [SECRET_ID, wrong]))
      })
  )
})
