// A whole submit: concurrency, order, quota, counting, logging, secrets.
import { submit } from '../src/submit/index'
import type { FetchLike } from '../src/submit/index'
import {
  SECRET_ID,
  SECRET_KEY,
  TOKEN,
  type Call,
  type Reply,
  deferred,
  err2,
  err3,
  fakeFetch,
  harness,
  ok2,
  ok3,
  settingsV2,
  settingsV3
} from './helpers/submit-fakes'

const dirsOf = (batch: number, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `https://h.example/b${batch}/d${i}/`)

/** Which batch a call is, from its first dir (2.0 form or 3.0 JSON). */
function batchOf(call: Call): number {
  const first = call.body.startsWith('{')
    ? (JSON.parse(call.body) as { Paths: string[] }).Paths[0]
    : (call.form.get('dirs.0') ?? '')
  return Number(/\/b(\d+)\//.exec(first)?.[1])
}

const tick = (ms: number): Promise<void> =>
  new Promise(resolve => setTimeout(resolve, ms))

describe('concurrency and order', () => {
  it('never has more than 5 requests in flight', async () => {
    const fake = fakeFetch(async c => {
      await tick(5 + (c.n % 3))
      return ok2(1)
    })
    const h = harness(fake.fetch)
    const batches = Array.from({ length: 12 }, (_, i) => dirsOf(i + 1, 1))
    const out = await submit(batches, settingsV2(), h.deps)
    expect(fake.maxInFlight()).toBe(5)
    expect(out.requests).toBe(12)
    expect(out.results.map(r => r.status)).toEqual(Array(12).fill('accepted'))
  })

  it('keeps results in batch order whatever order answers come in', async () => {
    // Later batches answer first.
    const fake = fakeFetch(async c => {
      const b = batchOf(c)
      await tick(30 - b * 5)
      return ok2(b)
    })
    const h = harness(fake.fetch)
    const batches = [1, 2, 3, 4].map(b => dirsOf(b, b))
    const out = await submit(batches, settingsV2(), h.deps)
    expect(out.results.map(r => r.dirs)).toEqual(batches)
    expect(out.results.map(r => r.count)).toEqual([1, 2, 3, 4])
  })

  it('does nothing for no batches', async () => {
    const fake = fakeFetch(() => ok2(1))
    const h = harness(fake.fetch)
    expect(await submit([], settingsV2(), h.deps)).toEqual({
      results: [],
      requests: 0
    })
    expect(fake.calls).toHaveLength(0)
  })
})

describe('one batch failing', () => {
  it('neither cancels nor hides the others, and each gets a log line', async () => {
    const fake = fakeFetch(c => {
      const b = batchOf(c)
      if (b === 3) return err2(4000, 9110, '(9110)cdn no such host')
      return ok2(b === 1 ? 20 : 20)
    })
    const h = harness(fake.fetch)
    const batches = [dirsOf(1, 20), dirsOf(2, 20), dirsOf(3, 5)]
    const out = await submit(batches, settingsV2(), h.deps)
    expect(out.results.map(r => r.status)).toEqual([
      'accepted',
      'accepted',
      'failed'
    ])
    expect(out.requests).toBe(3)
    const info = h.lines.filter(l => l.startsWith('info ')).sort()
    expect(info).toEqual([
      'info Batch 1/3 (20 dirs): accepted, count 20',
      'info Batch 2/3 (20 dirs): accepted, count 20',
      'info Batch 3/3 (5 dirs): failed: 4000 (9110)cdn no such host after 1 attempt'
    ])
  })

  it('turns a fetch that throws synchronously into a failure', async () => {
    const fetch: FetchLike = () => {
      throw new Error('not a function')
    }
    const h = harness(fetch)
    const out = await submit([dirsOf(1, 1)], settingsV2({ retries: 1 }), h.deps)
    expect(out.results[0]).toMatchObject({
      status: 'failed',
      code: 'network',
      attempts: 2
    })
  })
})

describe('daily quota', () => {
  it('holds back batches not yet started once 22046 comes back', async () => {
    const others = deferred<void>()
    const fake = fakeFetch(async c => {
      if (batchOf(c) === 1) return err2(4000, 22046, '(22046)quota used up')
      await others.promise
      return ok2(1)
    })
    const h = harness(fake.fetch)
    const batches = Array.from({ length: 8 }, (_, i) => dirsOf(i + 1, 1))
    const running = submit(batches, settingsV2(), h.deps)
    await tick(20)
    others.resolve()
    const out = await running

    expect(out.results.map(r => r.status)).toEqual([
      'failed',
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'not-sent',
      'not-sent',
      'not-sent'
    ])
    expect(out.requests).toBe(5)
    expect(fake.calls.map(batchOf).sort()).toEqual([1, 2, 3, 4, 5])
    const held = out.results[5]
    expect(held).toMatchObject({ count: 0, attempts: 0, code: '22046' })
    expect(held.message).toMatch(/batch 1 answered 22046/)
    expect(held.hint).toMatch(/resets daily/)
    expect(h.lines).toContain(
      'info Batch 6/8 (1 dir): not sent: batch 1 answered 22046 (daily ' +
        'quota used up), so this batch would be refused too'
    )
  })

  it('F36: accepted, then quota gone: counts only what was accepted', async () => {
    const fake = fakeFetch(async c => {
      const b = batchOf(c)
      await tick(b * 20) // answers in batch order
      return b === 1 ? ok3() : err3('LimitExceeded.CdnPurgePathExceedDayLimit')
    })
    const h = harness(fake.fetch)
    const batches = Array.from({ length: 7 }, (_, i) => dirsOf(i + 1, 20))
    const out = await submit(batches, settingsV3(), h.deps)
    // Batch 6 starts when batch 1 ends (20 ms), before batch 2 says the
    // quota is gone (40 ms); batch 7 starts after that and is held back.
    expect(out.results.map(r => r.status)).toEqual([
      'accepted',
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
      'not-sent'
    ])
    expect(out.results.reduce((n, r) => n + r.count, 0)).toBe(20)
    expect(out.requests).toBe(6)
    expect(out.results[6].message).toMatch(
      /batch 2 answered LimitExceeded.CdnPurgePathExceedDayLimit/
    )
  })

  it('counts a batch once however many attempts it took', async () => {
    const fake = fakeFetch(c => (c.n <= 2 ? { status: 503 } : ok2(1)))
    const h = harness(fake.fetch)
    const out = await submit([dirsOf(1, 1)], settingsV2(), h.deps)
    expect(fake.calls).toHaveLength(3)
    expect(out.requests).toBe(1)
  })
})

describe('secrets', () => {
  it('never reach a log line or a result field', async () => {
    const signatures: string[] = []
    // An API that echoes back everything it was sent, in every way it can.
    const echo = (c: Call): Reply | Error | 'hang' => {
      const sig =
        c.form.get('Signature') ??
        /Signature=([0-9a-f]+)/.exec(c.headers.Authorization ?? '')?.[1] ??
        ''
      signatures.push(sig)
      const everything = `${c.body} ${JSON.stringify(c.headers)} ${sig}`
      switch (c.n % 6) {
        case 0:
          return { status: 200, body: everything }
        case 1:
          return err2(4100, everything, everything)
        case 2:
          return err3('AuthFailure.SignatureFailure', everything)
        case 3:
          return new Error(`failed: ${everything}`)
        case 4:
          return { status: 503, body: everything }
        default:
          return 'hang'
      }
    }
    const credentials = {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      sessionToken: TOKEN
    }
    const shown: string[] = []
    for (const settings of [
      settingsV2({ credentials, timeoutMs: 10, retries: 3 }),
      settingsV3({ credentials, timeoutMs: 10, retries: 3 })
    ]) {
      const fake = fakeFetch(echo)
      const h = harness(fake.fetch)
      const batches = Array.from({ length: 6 }, (_, i) => dirsOf(i + 1, 2))
      const out = await submit(batches, settings, h.deps)
      shown.push(...h.lines, JSON.stringify(out))
    }
    const text = shown.join('\n')
    // The run did log failures, with text from the answers.
    expect(text).toContain('AuthFailure.SignatureFailure')
    expect(text).toContain('***')
    const forbidden = [SECRET_ID, SECRET_KEY, TOKEN, ...signatures]
    for (const secret of forbidden) {
      expect(secret.length).toBeGreaterThan(8)
      expect(text).not.toContain(secret)
      expect(text).not.toContain(encodeURIComponent(secret))
    }
    expect(text).not.toContain('TC3-HMAC-SHA256')
    expect(text).not.toMatch(/POST(cdn|127)/)
  })
})
