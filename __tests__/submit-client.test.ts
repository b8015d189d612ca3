// The wire format of both clients, and how answers are judged.
import { createHash, createHmac } from 'node:crypto'
import { describeQuota, submit } from '../src/submit/index'
import {
  SECRET_ID,
  SECRET_KEY,
  TOKEN,
  type Call,
  err2,
  err3,
  fakeFetch,
  harness,
  ok2,
  ok3,
  settingsV2,
  settingsV3
} from './helpers/submit-fakes'

/** Recomputes a 2.0 signature from what was sent, with node:crypto only. */
function expectedV2Signature(call: Call, host: string, path: string): string {
  const pairs = [...call.form.entries()].filter(([k]) => k !== 'Signature')
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const joined = pairs.map(([k, v]) => `${k}=${v}`).join('&')
  const algorithm =
    call.form.get('SignatureMethod') === 'HmacSHA256' ? 'sha256' : 'sha1'
  return createHmac(algorithm, SECRET_KEY)
    .update(`POST${host}${path}?${joined}`)
    .digest('base64')
}

describe('API 2.0 request', () => {
  it('sends a signed form POST with every parameter', async () => {
    const fake = fakeFetch(() => ok2(2))
    const h = harness(fake.fetch)
    const dirs = ['https://h.example/a b/', 'https://h.example/x+y/']
    const out = await submit([dirs], settingsV2(), h.deps)

    expect(out.results[0]).toMatchObject({ status: 'accepted', count: 2 })
    const [call] = fake.calls
    expect(call.url).toBe('https://cdn.api.qcloud.com/v2/index.php')
    expect(call.headers['Content-Type']).toBe(
      'application/x-www-form-urlencoded'
    )
    const form = Object.fromEntries(call.form.entries())
    expect(form).toEqual({
      Action: 'RefreshCdnOverSeaDir',
      SecretId: SECRET_ID,
      Timestamp: '1463122059',
      Nonce: '1001',
      SignatureMethod: 'HmacSHA256',
      'dirs.0': 'https://h.example/a b/',
      'dirs.1': 'https://h.example/x+y/',
      Signature: expect.any(String)
    })
    expect(form.Signature).toBe(
      expectedV2Signature(call, 'cdn.api.qcloud.com', '/v2/index.php')
    )
    // Encoded once: '+' as %2B, space as %20, no '+' for space.
    expect(call.body).toContain('dirs.1=https%3A%2F%2Fh.example%2Fx%2By%2F')
    expect(call.body).toContain('a%20b')
    expect(call.body).not.toContain('Token')
  })

  it('signs SHA-1 when asked, with SignatureMethod still sent', async () => {
    const fake = fakeFetch(() => ok2(1))
    const h = harness(fake.fetch)
    await submit(
      [['https://h/a/']],
      settingsV2({ signatureMethod: 'HmacSHA1' }),
      h.deps
    )
    const [call] = fake.calls
    expect(call.form.get('SignatureMethod')).toBe('HmacSHA1')
    expect(call.form.get('Signature')).toBe(
      expectedV2Signature(call, 'cdn.api.qcloud.com', '/v2/index.php')
    )
  })

  it('signs the host with its port and the endpoint path', async () => {
    const fake = fakeFetch(() => ok2(1))
    const h = harness(fake.fetch)
    const endpoint = 'http://127.0.0.1:43121/v2/index.php'
    await submit([['https://h/a/']], settingsV2({ endpoint }), h.deps)
    const [call] = fake.calls
    expect(call.url).toBe(endpoint)
    expect(call.form.get('Signature')).toBe(
      expectedV2Signature(call, '127.0.0.1:43121', '/v2/index.php')
    )
  })

  it('sends Token only when set', async () => {
    const fake = fakeFetch(() => ok2(1))
    const h = harness(fake.fetch)
    const credentials = {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      sessionToken: TOKEN
    }
    await submit([['https://h/a/']], settingsV2({ credentials }), h.deps)
    const [call] = fake.calls
    expect(call.form.get('Token')).toBe(TOKEN)
    expect(call.form.get('Signature')).toBe(
      expectedV2Signature(call, 'cdn.api.qcloud.com', '/v2/index.php')
    )
  })

  it('numbers dirs.0 … dirs.19 contiguously', async () => {
    const fake = fakeFetch(() => ok2(20))
    const h = harness(fake.fetch)
    const dirs = Array.from({ length: 20 }, (_, i) => `https://h/${i}/`)
    await submit([dirs], settingsV2(), h.deps)
    const names = [...fake.calls[0].form.keys()].filter(k =>
      k.startsWith('dirs')
    )
    expect(names).toEqual(dirs.map((_, i) => `dirs.${i}`))
    expect(names.map(n => fake.calls[0].form.get(n))).toEqual(dirs)
  })

  it('gets a fresh Timestamp, Nonce and signature on every attempt', async () => {
    const replies = [
      { status: 503, body: 'busy' },
      { status: 502, body: '' },
      ok2(1)
    ]
    const fake = fakeFetch(c => replies[c.n - 1])
    const h = harness(fake.fetch)
    await submit([['https://h/a/']], settingsV2(), h.deps)
    const sent = fake.calls.map(c => ({
      t: c.form.get('Timestamp'),
      n: c.form.get('Nonce'),
      s: c.form.get('Signature')
    }))
    expect(new Set(sent.map(x => x.n)).size).toBe(3)
    expect(new Set(sent.map(x => x.s)).size).toBe(3)
    // The fake clock advances only by the sleeps between attempts.
    const t0 = 1463122059_000
    expect(sent[1].t).toBe(String(Math.floor((t0 + h.sleeps[0]) / 1000)))
    for (const call of fake.calls) {
      expect(call.form.get('Signature')).toBe(
        expectedV2Signature(call, 'cdn.api.qcloud.com', '/v2/index.php')
      )
    }
  })
})

describe('API 2.0 answers', () => {
  const run = async (
    reply: Parameters<typeof fakeFetch>[0],
    over = {}
  ): Promise<Awaited<ReturnType<typeof submit>>['results'][0]> => {
    const fake = fakeFetch(reply)
    const h = harness(fake.fetch)
    const out = await submit([['https://h/a/']], settingsV2(over), h.deps)
    return out.results[0]
  }

  it('accepts code 0 with the count the API gives', async () => {
    const r = await run(() => ok2(1))
    expect(r).toEqual({
      dirs: ['https://h/a/'],
      status: 'accepted',
      count: 1,
      attempts: 1
    })
  })

  it('takes the business code from a numeric codeDesc', async () => {
    const r = await run(() => err2(4000, 9110, '(9110)cdn no such host'))
    expect(r).toMatchObject({
      status: 'failed',
      code: '9110',
      message: '(9110)cdn no such host',
      attempts: 1
    })
    expect(r.hint).toMatch(/add the domain to acceleration/)
  })

  it('takes the business code from a string codeDesc', async () => {
    const r = await run(() => err2(4000, '22046', 'quota used up'))
    expect(r).toMatchObject({ code: '22046', message: '(22046) quota used up' })
    expect(r.hint).toMatch(/resets daily/)
  })

  it('takes the business code from (NNNN) when codeDesc is a word', async () => {
    const r = await run(() => err2(4000, 'InvalidParameter', '(22045)too many'))
    expect(r).toMatchObject({ code: '22045', message: '(22045)too many' })
  })

  it('uses the public code when there is no business code', async () => {
    const r = await run(() => err2(4100, 'AuthFailure', 'signature wrong'))
    expect(r).toMatchObject({ code: '4100', message: 'signature wrong' })
    expect(r.hint).toMatch(/secret-id and secret-key/)
    expect(r.hint).toMatch(/clock/)
  })

  it.each([
    ['HTML page', '<html><body>gone</body></html>'],
    ['truncated JSON', '{"code":0,"data":{"cou'],
    ['empty object', {}],
    ['null', null],
    ['no code', { message: 'ok', data: { count: 1 } }],
    ['string code', { code: '0', data: { count: 1 } }],
    ['empty body', '']
  ])('never takes %s for success', async (_name, body) => {
    const r = await run(() => ({ body }), { retries: 2 })
    expect(r.status).toBe('failed')
    expect(r.code).toBe('unexpected answer')
    expect(r.count).toBe(0)
    expect(r.attempts).toBe(3)
  })

  it('does not retry code 0 without a count, and says why', async () => {
    const r = await run(() => ({ body: { code: 0, data: {} } }))
    expect(r).toMatchObject({ status: 'failed', attempts: 1, count: 0 })
    expect(r.message).toMatch(/may have been refreshed/)
  })
})

describe('API 3.0 request and answers', () => {
  const sha256 = (s: string): string =>
    createHash('sha256').update(s).digest('hex')
  const hmac = (k: string | Buffer, s: string): Buffer =>
    createHmac('sha256', k).update(s).digest()

  /** Recomputes the TC3 Authorization from what was sent. */
  function expectedAuthorization(call: Call): string {
    const ts = Number(call.headers['X-TC-Timestamp'])
    const date = new Date(ts * 1000).toISOString().slice(0, 10)
    const canonical = [
      'POST',
      '/',
      '',
      `content-type:${call.headers['Content-Type']}\nhost:${call.headers.Host}\n`,
      'content-type;host',
      sha256(call.body)
    ].join('\n')
    const scope = `${date}/cdn/tc3_request`
    const toSign = `TC3-HMAC-SHA256\n${ts}\n${scope}\n${sha256(canonical)}`
    const key = hmac(hmac(hmac(`TC3${SECRET_KEY}`, date), 'cdn'), 'tc3_request')
    const sig = createHmac('sha256', key).update(toSign).digest('hex')
    return `TC3-HMAC-SHA256 Credential=${SECRET_ID}/${scope}, SignedHeaders=content-type;host, Signature=${sig}`
  }

  it('sends a signed JSON POST', async () => {
    const fake = fakeFetch(() => ok3('task-9', 'req-9'))
    const h = harness(fake.fetch)
    const dirs = ['https://h/a/', 'https://h/b/']
    const s = settingsV3({ flushType: 'delete', area: 'mainland' })
    const out = await submit([dirs], s, h.deps)

    expect(out.results[0]).toEqual({
      dirs,
      status: 'accepted',
      count: 2,
      taskId: 'task-9',
      requestId: 'req-9',
      attempts: 1
    })
    const [call] = fake.calls
    expect(call.url).toBe('https://cdn.tencentcloudapi.com/')
    expect(JSON.parse(call.body)).toEqual({
      Paths: dirs,
      FlushType: 'delete',
      Area: 'mainland'
    })
    expect(call.headers).toEqual({
      'Content-Type': 'application/json; charset=utf-8',
      Host: 'cdn.tencentcloudapi.com',
      'X-TC-Action': 'PurgePathCache',
      'X-TC-Version': '2018-06-06',
      'X-TC-Timestamp': '1463122059',
      Authorization: expectedAuthorization(call)
    })
  })

  it('sends X-TC-Token only when set', async () => {
    const fake = fakeFetch(() => ok3())
    const h = harness(fake.fetch)
    const credentials = {
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      sessionToken: TOKEN
    }
    await submit([['https://h/a/']], settingsV3({ credentials }), h.deps)
    expect(fake.calls[0].headers['X-TC-Token']).toBe(TOKEN)
    expect(fake.calls[0].headers.Authorization).toBe(
      expectedAuthorization(fake.calls[0])
    )
  })

  it('reports an API error with code, message and RequestId', async () => {
    const fake = fakeFetch(() =>
      err3('ResourceNotFound.CdnHostNotExists', 'no such domain', 'req-77')
    )
    const h = harness(fake.fetch)
    const out = await submit([['https://h/a/']], settingsV3(), h.deps)
    expect(out.results[0]).toMatchObject({
      status: 'failed',
      count: 0,
      code: 'ResourceNotFound.CdnHostNotExists',
      message: 'no such domain',
      requestId: 'req-77',
      attempts: 1
    })
    expect(out.results[0].hint).toMatch(
      /add the domain to acceleration in that area/
    )
    expect(h.lines).toContain(
      'info Batch 1/1 (1 dir): failed: ResourceNotFound.CdnHostNotExists: ' +
        'no such domain (RequestId req-77) after 1 attempt'
    )
  })

  it.each([
    ['HTML page', '<html></html>'],
    ['empty object', {}],
    ['null', null],
    ['Response not an object', { Response: 'x' }],
    ['Error without Code', { Response: { Error: { Message: 'x' } } }]
  ])('never takes %s for success', async (_n, body) => {
    const fake = fakeFetch(() => ({ body }))
    const h = harness(fake.fetch)
    const out = await submit(
      [['https://h/a/']],
      settingsV3({ retries: 1 }),
      h.deps
    )
    expect(out.results[0]).toMatchObject({
      status: 'failed',
      code: 'unexpected answer',
      attempts: 2
    })
  })

  it('does not retry a Response with neither TaskId nor Error', async () => {
    const fake = fakeFetch(() => ({ body: { Response: { RequestId: 'r' } } }))
    const h = harness(fake.fetch)
    const out = await submit([['https://h/a/']], settingsV3(), h.deps)
    expect(out.results[0]).toMatchObject({ status: 'failed', attempts: 1 })
    expect(out.results[0].message).toMatch(/may have been refreshed/)
  })
})

describe('describeQuota', () => {
  const quotaBody = {
    Response: {
      UrlPurge: [
        { Area: 'overseas', Batch: 1000, Total: 10000, Available: 10000 }
      ],
      PathPurge: [
        { Area: 'mainland', Batch: 20, Total: 100, Available: 100 },
        { Area: 'overseas', Batch: 20, Total: 100, Available: 37 }
      ],
      RequestId: 'q-1'
    }
  }

  it('asks DescribePurgeQuota with an empty body and picks the area', async () => {
    const fake = fakeFetch(() => ({ body: quotaBody }))
    const h = harness(fake.fetch)
    const quota = await describeQuota(settingsV3(), h.deps)
    expect(quota).toEqual({
      area: 'overseas',
      batch: 20,
      total: 100,
      available: 37
    })
    expect(fake.calls[0].body).toBe('{}')
    expect(fake.calls[0].headers['X-TC-Action']).toBe('DescribePurgeQuota')
  })

  it.each([
    ['an API error', () => err3('AuthFailure.SignatureFailure', 'bad')],
    ['garbage', () => ({ body: '<html>' })],
    [
      'no entry for the area',
      () => ({ body: { Response: { PathPurge: [] } } })
    ],
    [
      'a network error',
      () => Object.assign(new Error('reset'), { code: 'ECONNRESET' })
    ]
  ] as const)('returns null with a warning on %s', async (_n, reply) => {
    const fake = fakeFetch(reply)
    const h = harness(fake.fetch)
    expect(await describeQuota(settingsV3(), h.deps)).toBeNull()
    expect(h.lines.filter(l => l.startsWith('warning'))).toHaveLength(1)
  })

  it('is not asked on API 2.0', async () => {
    const fake = fakeFetch(() => ({ body: quotaBody }))
    const h = harness(fake.fetch)
    expect(await describeQuota(settingsV2(), h.deps)).toBeNull()
    expect(fake.calls).toHaveLength(0)
  })
})
