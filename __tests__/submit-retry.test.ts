// The retry matrix: what is retried, how often, how long we wait, and when
// we stop.
import { submit } from '../src/submit/index'
import type { BatchResult } from '../src/types'
import {
  type Reply,
  type Script,
  err2,
  err3,
  fakeFetch,
  harness,
  ok2,
  ok3,
  settingsV2,
  settingsV3
} from './helpers/submit-fakes'
import type { Settings } from '../src/types'

interface Run {
  result: BatchResult
  sleeps: number[]
  lines: string[]
  calls: number
}

async function runOne(script: Script, settings: Settings): Promise<Run> {
  const fake = fakeFetch(script)
  const h = harness(fake.fetch)
  const out = await submit([['https://h/a/']], settings, h.deps)
  return {
    result: out.results[0],
    sleeps: h.sleeps,
    lines: h.lines,
    calls: fake.calls.length
  }
}

/** Answers `first` for the first `times` calls, then `then`. */
const seq =
  (first: Reply | Error, times: number, then: Reply): Script =>
  c =>
    c.n <= times ? first : then

describe('transient HTTP failures', () => {
  it('retries 503, 502, 500 with growing jittered waits, then succeeds', async () => {
    const replies: Reply[] = [
      { status: 503, body: 'Service Unavailable' },
      { status: 502, body: '<html>bad gateway</html>' },
      { status: 500, body: '' },
      ok2(1)
    ]
    const run = await runOne(c => replies[c.n - 1], settingsV2({ retries: 3 }))
    expect(run.result).toMatchObject({
      status: 'accepted',
      count: 1,
      attempts: 4
    })
    // Equal jitter with random() = 0.5: 3/4 of 1 s, 2 s, 4 s.
    expect(run.sleeps).toEqual([750, 1500, 3000])
    expect(run.lines).toContain(
      'info Batch 1/1 (1 dir) attempt 1: HTTP 503; retrying in 0.8 s'
    )
  })

  it('caps the wait at 8 s', async () => {
    const run = await runOne(
      () => ({ status: 503, body: '' }),
      settingsV2({ retries: 6 })
    )
    // steps 1, 2, 4, 8, 8, 8 s, each at 3/4.
    expect(run.sleeps).toEqual([750, 1500, 3000, 6000, 6000, 6000])
    expect(run.result).toMatchObject({
      status: 'failed',
      code: 'HTTP 503',
      attempts: 7
    })
  })

  it('makes no extra attempt with retries 0', async () => {
    const run = await runOne(
      () => ({ status: 503, body: '' }),
      settingsV2({ retries: 0 })
    )
    expect(run.calls).toBe(1)
    expect(run.result.attempts).toBe(1)
  })

  it.each(['ECONNRESET', 'ECONNREFUSED', 'EPIPE'])(
    'retries a network error (%s)',
    async code => {
      const error = Object.assign(new Error(`boom ${code}`), { code })
      const run = await runOne(seq(error, 2, ok2(1)), settingsV2())
      expect(run.result).toMatchObject({ status: 'accepted', attempts: 3 })
    }
  )

  it('fails with code network once retries run out', async () => {
    const error = Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET'
    })
    const run = await runOne(() => error, settingsV2({ retries: 2 }))
    expect(run.result).toMatchObject({
      status: 'failed',
      code: 'network',
      attempts: 3
    })
    expect(run.result.message).toContain('ECONNRESET')
  })

  it('retries HTTP 429', async () => {
    const run = await runOne(
      seq({ status: 429, body: '' }, 1, ok2(1)),
      settingsV2()
    )
    expect(run.result.attempts).toBe(2)
  })
})

describe('API 2.0 codes', () => {
  it.each([
    [5100, 'x'],
    [6000, 'x'],
    [6200, 'x'],
    [4000, 9000],
    [4000, -9011],
    [4000, 9163],
    [4000, 22063],
    [4000, '9163']
  ])('retries %s/%s', async (code, desc) => {
    const run = await runOne(
      seq(err2(code, desc, 'later'), 1, ok2(1)),
      settingsV2()
    )
    expect(run.result).toMatchObject({ status: 'accepted', attempts: 2 })
  })

  it('retries a business code given only in the message', async () => {
    const reply = err2(4000, 'InternalError', '(9000)system busy')
    const run = await runOne(seq(reply, 1, ok2(1)), settingsV2())
    expect(run.result.attempts).toBe(2)
  })

  const finals: [number, unknown, string][] = [
    [4000, 9110, '9110'],
    [4000, 9105, '9105'],
    [4000, 9307, '9307'],
    [4000, 1012, '1012'],
    [4000, 22045, '22045'],
    [4000, 22046, '22046'],
    [4000, 9111, '9111'],
    [4000, 9112, '9112'],
    [4000, 9169, '9169'],
    [4000, 9175, '9175'],
    [4000, 28007, '28007'],
    [4000, 9003, '9003'],
    [4000, 'InvalidParameter', '4000'],
    [4100, 'AuthFailure', '4100'],
    ...[4101, 4102, 4103, 4104, 4105, 4106, 4107, 4108, 4109, 4110].map(
      c => [c, 'x', String(c)] as [number, unknown, string]
    ),
    [4300, 'x', '4300'],
    [4400, 'x', '4400'],
    [4600, 'x', '4600'],
    [5000, 'x', '5000'],
    [6100, 'x', '6100']
  ]
  it.each(finals)(
    'stops at once on %s/%s, with a hint',
    async (code, desc, eff) => {
      const run = await runOne(() => err2(code, desc, 'no'), settingsV2())
      expect(run.calls).toBe(1)
      expect(run.result).toMatchObject({
        status: 'failed',
        code: eff,
        attempts: 1
      })
      expect(run.result.hint).toEqual(expect.any(String))
    }
  )

  it.each([4200, 4500])('retries %s exactly once', async code => {
    const run = await runOne(
      () => err2(code, 'x', 'expired'),
      settingsV2({ retries: 5 })
    )
    expect(run.calls).toBe(2)
    expect(run.result).toMatchObject({ status: 'failed', code: String(code) })
    expect(run.result.hint).toMatch(/clock/)
  })

  it('does not retry 4200 when retries is 0', async () => {
    const run = await runOne(
      () => err2(4200, 'x', 'expired'),
      settingsV2({ retries: 0 })
    )
    expect(run.calls).toBe(1)
  })

  it('retries 4200 once and accepts a fresh success', async () => {
    const run = await runOne(
      seq(err2(4500, 'x', 'replay'), 1, ok2(1)),
      settingsV2()
    )
    expect(run.result).toMatchObject({ status: 'accepted', attempts: 2 })
  })

  it('retries a code the infrastructure gave with HTTP 5xx', async () => {
    const reply: Reply = { status: 503, body: { code: 503, message: 'busy' } }
    const run = await runOne(seq(reply, 1, ok2(1)), settingsV2())
    expect(run.result.attempts).toBe(2)
  })
})

describe('API 3.0 codes', () => {
  it.each([
    'RequestLimitExceeded',
    'RequestLimitExceeded.UinLimitExceeded',
    'InternalError',
    'InternalError.CdnSystemError',
    'UnauthorizedOperation.OperationTooOften'
  ])('retries %s', async code => {
    const run = await runOne(seq(err3(code), 2, ok3()), settingsV3())
    expect(run.result).toMatchObject({ status: 'accepted', attempts: 3 })
  })

  it.each([
    'AuthFailure.SignatureFailure',
    'AuthFailure.SignatureExpire',
    'AuthFailure.SecretIdNotFound',
    'LimitExceeded.CdnPurgePathExceedDayLimit',
    'LimitExceeded.CdnPurgePathExceedBatchLimit',
    'ResourceNotFound.CdnHostNotExists',
    'UnauthorizedOperation.CdnCamUnauthorized',
    'InvalidParameter.CdnPurgeWildcardNotAllowed',
    'InvalidParameter.CdnUrlExceedLength'
  ])('stops at once on %s, with a hint', async code => {
    const run = await runOne(() => err3(code), settingsV3())
    expect(run.calls).toBe(1)
    expect(run.result).toMatchObject({ status: 'failed', code, attempts: 1 })
    expect(run.result.hint).toEqual(expect.any(String))
  })
})

describe('hints', () => {
  const hintOf = async (script: Script, s: Settings): Promise<string> =>
    (await runOne(script, s)).result.hint ?? ''

  it('names the CAM action of each API', async () => {
    expect(
      await hintOf(() => err2(4102, 'x', 'denied'), settingsV2())
    ).toContain('cdn:RefreshCdnOverSeaDir')
    expect(
      await hintOf(() => err2(4300, 'x', 'denied'), settingsV2())
    ).toContain('cdn:RefreshCdnOverSeaDir')
    const cam = 'UnauthorizedOperation.CdnCamUnauthorized'
    expect(await hintOf(() => err3(cam), settingsV3())).toContain(
      'cdn:PurgePathCache'
    )
  })

  it('says the day quota resets daily', async () => {
    const day = 'LimitExceeded.CdnPurgePathExceedDayLimit'
    expect(await hintOf(() => err3(day), settingsV3())).toMatch(/resets daily/)
  })

  it('points at batch-size for 22045', async () => {
    expect(await hintOf(() => err2(4000, 22045, 'x'), settingsV2())).toMatch(
      /batch-size/
    )
  })

  it('says clock for AuthFailure.SignatureExpire, key for SignatureFailure', async () => {
    expect(
      await hintOf(() => err3('AuthFailure.SignatureExpire'), settingsV3())
    ).toMatch(/clock/)
    expect(
      await hintOf(() => err3('AuthFailure.SignatureFailure'), settingsV3())
    ).toMatch(/secret-key/)
  })

  const endpoint = 'https://cdn.api.qcloud.com/v2/index.php'
  it.each([
    ['code 6100', (() => err2(6100, 'x', 'wrong version')) as Script, 1],
    ['HTTP 404', (() => ({ status: 404, body: 'Not Found' })) as Script, 1],
    [
      'an HTML page',
      (() => ({ body: '<!DOCTYPE html><p>moved</p>' })) as Script,
      2
    ],
    [
      'a DNS failure',
      (() =>
        Object.assign(new Error('getaddrinfo ENOTFOUND cdn.api.qcloud.com'), {
          code: 'ENOTFOUND'
        })) as Script,
      2
    ],
    [
      'a redirect',
      (() => ({ status: 302, headers: { Location: 'https://x/' } })) as Script,
      1
    ]
  ])(
    'on API 2.0, %s points at api-version 3.0',
    async (_n, script, attempts) => {
      const run = await runOne(script, settingsV2({ retries: 1 }))
      expect(run.result.status).toBe('failed')
      expect(run.result.attempts).toBe(attempts)
      expect(run.result.hint).toContain(endpoint)
      expect(run.result.hint).toContain('`api-version: 3.0`')
      // Our own messages name the host too; 6100 carries the API's words.
      if (run.result.code !== '6100') {
        expect(run.result.message).toContain('cdn.api.qcloud.com')
      }
    }
  )

  it('on API 3.0, an HTML page points at the endpoint input', async () => {
    const hint = await hintOf(
      () => ({ status: 404, body: '<html>' }),
      settingsV3()
    )
    expect(hint).toContain('https://cdn.tencentcloudapi.com/')
    expect(hint).not.toContain('api-version')
  })
})

describe('Retry-After', () => {
  it('waits as long as asked when longer than the backoff', async () => {
    const reply: Reply = { status: 503, headers: { 'Retry-After': '5' } }
    const run = await runOne(seq(reply, 1, ok2(1)), settingsV2())
    expect(run.sleeps).toEqual([5000])
    expect(run.result.status).toBe('accepted')
  })

  it('reads an HTTP date', async () => {
    // The fake clock starts at 1463122059000 ms.
    const at = new Date(1463122059_000 + 7000).toUTCString()
    const reply: Reply = { status: 429, headers: { 'retry-after': at } }
    const run = await runOne(seq(reply, 1, ok2(1)), settingsV2())
    expect(run.sleeps).toEqual([7000])
  })

  it('keeps the backoff when asked for less', async () => {
    const reply: Reply = { status: 503, headers: { 'Retry-After': '0' } }
    const run = await runOne(seq(reply, 1, ok2(1)), settingsV2())
    expect(run.sleeps).toEqual([750])
  })

  it('does not wait past 30 s: the batch fails and says why', async () => {
    const reply: Reply = { status: 503, headers: { 'Retry-After': '3600' } }
    const run = await runOne(seq(reply, 1, ok2(1)), settingsV2())
    expect(run.calls).toBe(1)
    expect(run.sleeps).toEqual([])
    expect(run.result.message).toContain('asked to wait 3600 s')
  })
})

describe('the run budget', () => {
  it('starts no attempt more than 120 s after the submit began', async () => {
    const fake = fakeFetch(() => {
      h.clock.now += 50_000 // each answer takes 50 s
      return { status: 503, body: '' }
    })
    const h = harness(fake.fetch)
    const out = await submit(
      [['https://h/a/']],
      settingsV2({ retries: 10 }),
      h.deps
    )
    // Attempts start at 0, 50.75 and 102.25 s; the next would be 155.25 s.
    expect(fake.calls).toHaveLength(3)
    expect(out.results[0].message).toContain('120 s budget')
  })

  it('bounds many fast retries too', async () => {
    const run = await runOne(
      () => ({ status: 503 }),
      settingsV2({ retries: 1000 })
    )
    const waited = run.sleeps.reduce((a, b) => a + b, 0)
    expect(waited).toBeLessThanOrEqual(120_000)
    // 0.75 + 1.5 + 3 + 6 × n ≤ 120 s: n = 19, so 22 retries.
    expect(run.result.attempts).toBe(23)
  })
})

describe('timeouts', () => {
  it('retries a timeout and ends uncertain: the dirs may have been refreshed', async () => {
    const run = await runOne(
      () => 'hang',
      settingsV2({ timeoutMs: 20, retries: 2 })
    )
    expect(run.calls).toBe(3)
    expect(run.result).toMatchObject({
      status: 'uncertain',
      code: 'timeout',
      count: 0,
      attempts: 3
    })
    expect(run.result.message).toContain('may have been refreshed')
    expect(run.result.hint).toMatch(/refresh history/)
    expect(run.lines).toContain(
      'info Batch 1/1 (1 dir): uncertain after 3 attempts: timeout: no ' +
        'answer from https://cdn.api.qcloud.com/v2/index.php within 0.02 s; ' +
        'the dirs may have been refreshed'
    )
  })

  it('accepted after a timeout says the quota may have been spent twice', async () => {
    const run = await runOne(
      c => (c.n === 1 ? 'hang' : ok2(1)),
      settingsV2({ timeoutMs: 20 })
    )
    expect(run.result).toMatchObject({
      status: 'accepted',
      count: 1,
      attempts: 2
    })
    expect(run.result.message).toContain('quota may have been spent twice')
  })

  it('a timeout then transient failures stays uncertain', async () => {
    const run = await runOne(
      c => (c.n === 1 ? 'hang' : { status: 503 }),
      settingsV2({ timeoutMs: 20, retries: 2 })
    )
    expect(run.result).toMatchObject({ status: 'uncertain', code: 'HTTP 503' })
  })

  it('a timeout then a final answer fails, noting the earlier timeout', async () => {
    const run = await runOne(
      c => (c.n === 1 ? 'hang' : err2(4000, 22046, 'quota')),
      settingsV2({ timeoutMs: 20 })
    )
    expect(run.result).toMatchObject({
      status: 'failed',
      code: '22046',
      attempts: 2
    })
    expect(run.result.message).toContain('may have been refreshed')
  })

  it('leaves no unhandled rejection when fetch rejects after the timeout', async () => {
    const late = (): Promise<Reply> =>
      new Promise((_resolve, reject) =>
        setTimeout(() => reject(new Error('late')), 40)
      )
    const run = await runOne(late, settingsV2({ timeoutMs: 10, retries: 1 }))
    expect(run.result).toMatchObject({ status: 'uncertain', attempts: 2 })
    // Jest fails the test if the late rejections go unhandled.
    await new Promise(resolve => setTimeout(resolve, 80))
  })

  it('ends a fetch that ignores the abort signal', async () => {
    const fake = fakeFetch(() => new Promise<Reply>(() => undefined))
    const h = harness(fake.fetch)
    const s = settingsV3({ timeoutMs: 20, retries: 0 })
    const out = await submit([['https://h/a/']], s, h.deps)
    expect(out.results[0]).toMatchObject({
      status: 'uncertain',
      code: 'timeout'
    })
  })
})
