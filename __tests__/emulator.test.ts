import { request } from 'node:http'
import { startEmulator, type Emulator } from '../emulator/index.mjs'
import {
  tc3CanonicalRequest,
  tc3Signature,
  tc3StringToSign,
  v2Sign,
  v2StringToSign
} from '../emulator/verify.mjs'
import {
  encodeParams,
  send,
  sendV2,
  sendV3,
  signV2,
  until,
  type RawResponse,
  type V2Body,
  type V2Request,
  type V3Body,
  type V3Request
} from './helpers/emulatorClient.js'

const SECRET_ID = 'AKIDemulatorTest0001'
const SECRET_KEY = 'emulatorTestKey0001'
const DOMAIN = 'www.example.com'
// 2024-01-02 03:04:05 UTC: far from any UTC or UTC+8 midnight.
const START_MS = Date.UTC(2024, 0, 2, 3, 4, 5)

let clock = START_MS
let emu: Emulator
let host: string
let nonce = 1000

beforeEach(async () => {
  clock = START_MS
  emu = await startEmulator({
    credentials: { [SECRET_ID]: SECRET_KEY },
    overseasDomains: [DOMAIN, 'static.example.com'],
    mainlandDomains: ['cn.example.com'],
    now: () => clock
  })
  host = new URL(emu.url).host
})

afterEach(async () => {
  await emu.close()
})

const seconds = (): number => Math.floor(clock / 1000)

/** A valid, freshly signed 2.0 request, with any field overridden. */
function v2(over: Partial<V2Request> = {}): [string, string][] {
  return signV2({
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    host,
    timestamp: seconds(),
    nonce: nonce++,
    dirs: [`https://${DOMAIN}/a/`],
    ...over
  })
}

function v3(over: Partial<V3Request> = {}): V3Request {
  const body = {
    Paths: [`https://${DOMAIN}/a/`],
    FlushType: 'flush',
    Area: 'overseas'
  }
  return {
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    host,
    action: 'PurgePathCache',
    timestamp: seconds(),
    body: JSON.stringify(body),
    ...over
  }
}

const dirs = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `https://${DOMAIN}/d${i}/`)

const json2 = (res: RawResponse): V2Body => JSON.parse(res.text) as V2Body
const json3 = (res: RawResponse): V3Body => JSON.parse(res.text) as V3Body

async function post2(
  over: Partial<V2Request> = {},
  method: 'GET' | 'POST' = 'POST'
): Promise<V2Body> {
  return json2(await sendV2(emu.v2Endpoint, v2({ method, ...over }), method))
}

async function post3(over: Partial<V3Request> = {}): Promise<V3Body> {
  return json3(await sendV3(emu.v3Endpoint, v3(over)))
}

const errorCode = (body: V3Body): string | undefined =>
  body.Response.Error?.Code

describe('known-answer vectors from the API doc', () => {
  const ID = 'AKIDT8G5AsY1D3MChWooNq1rFSw1fyBVCX9D'
  const KEY = 'pxPgRWDbCy86ZYyqBTDk7WmeRZSmPco0'
  const API = 'cdn.api.qcloud.com/v2/index.php'
  const hosts = { Action: 'DescribeCdnHosts', limit: '10', offset: '0' }
  const refresh = {
    Action: 'RefreshCdnOverSeaDir',
    Nonce: '13029',
    SecretId: ID,
    Timestamp: '1463122059',
    // Signed as dirs.0: the doc's underscore rule.
    dirs_0: 'http://www.test.com/test/'
  }
  const rows: [string, Record<string, string>, string | undefined, string][] = [
    [
      'GET',
      { ...hosts, Nonce: '13029', SecretId: ID, Timestamp: '1463122059' },
      undefined,
      'bWMMAR1eFGjZ5KWbfxTlBiLiNLc='
    ],
    [
      'POST',
      { ...hosts, Nonce: '13029', SecretId: ID, Timestamp: '1463122059' },
      undefined,
      'i/KcLp6VaOtUmVtT0dqtLpKJOkg='
    ],
    [
      'GET',
      {
        ...hosts,
        Nonce: '48059',
        SecretId: ID,
        SignatureMethod: 'HmacSHA256',
        Timestamp: '1502197934'
      },
      'HmacSHA256',
      'b/HlnO7vWEtR/kf21BvF0fX4vGmIThwWxlaD5GQtlSM='
    ],
    ['POST', refresh, undefined, '4RWyS1Q0QA3xnezJRAYGep+hvGo='],
    [
      'POST',
      { ...refresh, 'dirs.1': 'https://www.test.com/abc/' },
      undefined,
      'PheetzntbZKqv4+fG47i0kogwag='
    ]
  ]

  test.each(rows)('API 2.0 %s row %#', (method, params, algo, expected) => {
    const text = v2StringToSign(
      method,
      'cdn.api.qcloud.com',
      '/v2/index.php',
      params
    )
    expect(text.startsWith(`${method}${API}?Action=`)).toBe(true)
    expect(v2Sign(KEY, text, algo)).toBe(expected)
  })

  test('API 2.0 string to sign matches the doc text', () => {
    const text = v2StringToSign(
      'POST',
      'cdn.api.qcloud.com',
      '/v2/index.php',
      refresh
    )
    expect(text).toBe(
      `POST${API}?Action=RefreshCdnOverSeaDir&Nonce=13029&SecretId=${ID}` +
        '&Timestamp=1463122059&dirs.0=http://www.test.com/test/'
    )
  })

  const tc3 = (service: string, tcHost: string, body: string): string => {
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      host: tcHost
    }
    const canonical = tc3CanonicalRequest(
      headers,
      ['content-type', 'host'],
      body
    )
    const toSign = tc3StringToSign(1551113065, service, canonical)
    return tc3Signature(
      'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      1551113065,
      service,
      toSign
    )
  }

  test('TC3 official vector (cvm)', () => {
    const body =
      '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], ' +
      '"Name": "instance-name"}]}'
    expect(tc3('cvm', 'cvm.tencentcloudapi.com', body)).toBe(
      '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168'
    )
  })

  test('TC3 computed vector (cdn)', () => {
    const body =
      '{"Paths":["http://www.test.com/test/"],"FlushType":"flush",' +
      '"Area":"overseas"}'
    expect(tc3('cdn', 'cdn.tencentcloudapi.com', body)).toBe(
      'fed5b8a369e8012e86c4029169f031e9fc1a2e8215acb3890a04eb38dc47b796'
    )
  })
})

describe('API 2.0 RefreshCdnOverSeaDir', () => {
  test('accepts a signed POST, decoding each value once', async () => {
    // '+' travels as %2B, a space as %20, and '%20' itself as %2520.
    const tricky = `https://${DOMAIN}/a+b c/x%20y/`
    const res = await sendV2(
      emu.v2Endpoint,
      v2({
        dirs: [tricky, `http://${DOMAIN}/b/`],
        signatureMethod: 'HmacSHA256'
      })
    )
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json')
    expect(json2(res)).toEqual({
      code: 0,
      message: '',
      codeDesc: 'Success',
      data: { count: 2 }
    })
    expect(emu.used(SECRET_ID)).toBe(2)
    const [entry] = emu.requests
    expect(entry).toMatchObject({
      api: '2.0',
      action: 'RefreshCdnOverSeaDir',
      method: 'POST',
      verified: true,
      secretId: SECRET_ID,
      timestamp: seconds(),
      dirs: [tricky, `http://${DOMAIN}/b/`],
      status: 200
    })
    expect(entry.params?.['dirs.0']).toBe(tricky)
  })

  test('accepts a signed GET with SHA-1 (no SignatureMethod)', async () => {
    const body = await post2({}, 'GET')
    expect(body.code).toBe(0)
    expect(emu.requests[0]).toMatchObject({ method: 'GET', verified: true })
  })

  test('signs dirs_N names as dirs.N', async () => {
    const body = await post2({ dirName: i => `dirs_${i}` })
    expect(body.code).toBe(0)
    expect(emu.requests[0].dirs).toEqual([`https://${DOMAIN}/a/`])
  })

  test('refuses a bad signature with 4100 and spends nothing', async () => {
    const params = v2()
    const bad = params.map(([k, v]): [string, string] =>
      k === 'Signature' ? [k, `x${v.slice(1)}`] : [k, v]
    )
    const body = json2(await sendV2(emu.v2Endpoint, bad))
    expect(body).toMatchObject({ code: 4100, codeDesc: 'AuthFailure' })
    expect(body.message).toMatch(/^\(100003\).*authentication failed/)
    expect(emu.requests[0].verified).toBe(false)
    expect(emu.used(SECRET_ID)).toBe(0)
  })

  test('refuses values encoded twice on the wire, or another host', async () => {
    const params = v2({ dirs: [`https://${DOMAIN}/a+b/`] })
    const body = params
      .map(([k, v]) => {
        const once = encodeURIComponent(v)
        return `${k}=${k === 'dirs.0' ? encodeURIComponent(once) : once}`
      })
      .join('&')
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded' }
    const res = await send(emu.v2Endpoint, { method: 'POST', headers, body })
    expect(json2(res).code).toBe(4100)
    const wrongHost = await post2({ host: 'cdn.api.qcloud.com' })
    expect(wrongHost.code).toBe(4100)
  })

  test('refuses an unknown SecretId with 4104', async () => {
    const body = await post2({ secretId: 'AKIDnobody' })
    expect(body).toMatchObject({ code: 4104 })
  })

  test('allows 5 minutes of clock skew, refuses more with 4200', async () => {
    expect((await post2({ timestamp: seconds() - 300 })).code).toBe(0)
    expect((await post2({ timestamp: seconds() + 300 })).code).toBe(0)
    const late = await post2({ timestamp: seconds() - 301 })
    expect(late.code).toBe(4200)
    const early = await post2({ timestamp: seconds() + 301 })
    expect(early.code).toBe(4200)
  })

  test('refuses a reused Nonce with 4500', async () => {
    expect((await post2({ nonce: 77 })).code).toBe(0)
    const again = await post2({ nonce: 77 })
    expect(again.code).toBe(4500)
    expect(emu.requests[1].verified).toBe(false)
    expect(emu.used(SECRET_ID)).toBe(1)
  })

  test.each([
    ['a zero Nonce', { nonce: 0 }, /Nonce/],
    ['an empty Token', { extra: { Token: '' } }, /Token/],
    ['the Token "undefined"', { extra: { Token: 'undefined' } }, /Token/],
    ['a bad SignatureMethod', { extra: { SignatureMethod: 'MD5' } }, /Sign/]
  ])('refuses %s with 4000', async (_, over, message) => {
    const body = await post2(over as Partial<V2Request>)
    expect(body.code).toBe(4000)
    expect(body.message).toMatch(message)
  })

  test('accepts a real Token and records it', async () => {
    expect((await post2({ extra: { Token: 'tok en+1' } })).code).toBe(0)
    expect(emu.requests[0].token).toBe('tok en+1')
  })

  test('refuses an unknown Action', async () => {
    const body = await post2({ action: 'RefreshCdnDir' })
    expect(body).toMatchObject({ code: 4000, codeDesc: 'InvalidAction' })
  })

  test('refuses 21 dirs with 22045 and takes 20', async () => {
    const body = await post2({ dirs: dirs(21) })
    expect(body).toMatchObject({ code: 4000, codeDesc: 22045 })
    expect(body.message).toMatch(/^\(22045\)/)
    expect((await post2({ dirs: dirs(20) })).data).toEqual({ count: 20 })
  })

  test('refuses a host not on overseas CDN with 9110', async () => {
    const body = await post2({
      dirs: [`https://${DOMAIN}/a/`, 'https://other.example.org/b/']
    })
    expect(body).toMatchObject({ code: 4000, codeDesc: 9110 })
    expect(body.message).toMatch(/^\(9110\).*cdn no such host/)
    expect(emu.used(SECRET_ID)).toBe(0)
  })

  test('refuses malformed dirs with 9003 (a string codeDesc)', async () => {
    const scheme = await post2({ dirs: [`ftp://${DOMAIN}/a/`] })
    expect(scheme).toMatchObject({ code: 4000, codeDesc: '9003' })
    const gap = await post2({
      dirs: [],
      extra: { 'dirs.1': `https://${DOMAIN}/` }
    })
    expect(gap).toMatchObject({ code: 4000, codeDesc: '9003' })
    const none = await post2({ dirs: [] })
    expect(none).toMatchObject({ code: 4000, codeDesc: '9003' })
  })

  test('quota: 22046 exactly past the daily limit, reset next day', async () => {
    emu.setUsed(SECRET_ID, 97)
    expect((await post2({ dirs: dirs(3) })).data).toEqual({ count: 3 })
    expect(emu.used(SECRET_ID)).toBe(100)
    const over = await post2({ dirs: dirs(1) })
    expect(over).toMatchObject({ code: 4000, codeDesc: 22046 })
    expect(over.message).toMatch(/^\(22046\)/)
    expect(emu.used(SECRET_ID)).toBe(100)
    clock += 24 * 60 * 60 * 1000
    expect(emu.used(SECRET_ID)).toBe(0)
    expect((await post2({ dirs: dirs(1) })).code).toBe(0)
  })

  test('answers HTTP 501 past the 1 MB POST cap', async () => {
    const big = [`https://${DOMAIN}/${'x'.repeat(1024 * 1024)}/`]
    const res = await sendV2(emu.v2Endpoint, v2({ dirs: big }))
    expect(res.status).toBe(501)
  })
})

describe('faults', () => {
  test('status 503, then normal; no quota or Nonce spent', async () => {
    emu.fault({ status: 503 })
    const params = v2()
    const first = await sendV2(emu.v2Endpoint, params)
    expect(first.status).toBe(503)
    expect(first.text).toMatch(/<html>/)
    // The same Nonce works again: the faulted request did not record it.
    const second = await sendV2(emu.v2Endpoint, params)
    expect(json2(second).code).toBe(0)
    expect(emu.requests.map(r => r.fault)).toEqual(['status 503', undefined])
    expect(emu.requests[0]).toMatchObject({ verified: true, status: 503 })
    expect(emu.used(SECRET_ID)).toBe(1)
  })

  test('faults are FIFO, counted, and clearable', async () => {
    emu.fault({ status: 502, body: 'bad gateway' }, 2)
    emu.fault({ code: 6000 })
    emu.fault({ notFound: true })
    expect((await sendV2(emu.v2Endpoint, v2())).status).toBe(502)
    expect((await sendV2(emu.v2Endpoint, v2())).text).toBe('bad gateway')
    const code = json2(await sendV2(emu.v2Endpoint, v2()))
    expect(code).toMatchObject({ code: 6000, codeDesc: 6000 })
    emu.clearFaults()
    expect(json2(await sendV2(emu.v2Endpoint, v2())).code).toBe(0)
    expect(() => emu.fault({} as never)).toThrow(TypeError)
  })

  test('hang: never answered until close() ends it', async () => {
    emu.fault({ hang: true })
    const pending = sendV2(emu.v2Endpoint, v2())
    await until(() => emu.requests[0]?.secretId === SECRET_ID)
    expect(emu.requests[0]).toMatchObject({ fault: 'hang', status: 0 })
    await emu.close()
    await expect(pending).rejects.toThrow()
  })

  test('reset: the client sees a socket error', async () => {
    emu.fault({ reset: true })
    await expect(sendV2(emu.v2Endpoint, v2())).rejects.toMatchObject({
      code: 'ECONNRESET'
    })
    expect(emu.requests[0].fault).toBe('reset')
  })

  test('body: HTTP 200 with a raw HTML page', async () => {
    emu.fault({ body: '<html>gateway</html>' })
    const res = await sendV2(emu.v2Endpoint, v2())
    expect(res).toMatchObject({ status: 200, text: '<html>gateway</html>' })
    expect(res.headers['content-type']).toBe('text/html')
  })

  test('truncate: half of a JSON success body', async () => {
    emu.fault({ truncate: true }, 2)
    const res = await sendV2(emu.v2Endpoint, v2())
    expect(res.status).toBe(200)
    expect(() => JSON.parse(res.text) as unknown).toThrow()
    expect('{"code":0,"message":"","codeDesc"').toContain(res.text.slice(0, 20))
    const v3res = await sendV3(emu.v3Endpoint, v3())
    expect(v3res.text.startsWith('{"Response":{"TaskId"')).toBe(true)
    expect(() => JSON.parse(v3res.text) as unknown).toThrow()
  })

  test('notFound: HTTP 404 HTML, like the retired 2.0 host', async () => {
    emu.fault({ notFound: true })
    const res = await sendV2(emu.v2Endpoint, v2())
    expect(res.status).toBe(404)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
  })

  test('delay: the normal answer, late; served on arrival even if the client leaves', async () => {
    emu.fault({ delay: 150 })
    const started = Date.now()
    expect((await post2()).code).toBe(0)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(emu.requests[0]).toMatchObject({
      fault: 'delay 150',
      status: 200,
      verified: true
    })
    expect(emu.used(SECRET_ID)).toBe(1)

    // The client gives up before the answer: the dir was refreshed anyway.
    emu.fault({ delay: 150 })
    const gone = request(emu.v2Endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      agent: false
    })
    gone.on('error', () => undefined)
    gone.end(encodeParams(v2()))
    await until(() => emu.used(SECRET_ID) === 2)
    gone.destroy()
    await new Promise(resolve => setTimeout(resolve, 250))
    expect(emu.requests[1]).toMatchObject({ fault: 'delay 150', status: 0 })
    expect(emu.requests[1].response).toBeUndefined()
    expect(() => emu.fault({ delay: -1 })).toThrow(TypeError)
  })

  test('error: a 3.0 Response.Error', async () => {
    emu.fault({ error: 'InternalError', message: 'boom' })
    const body = await post3()
    expect(body.Response.Error).toEqual({
      Code: 'InternalError',
      Message: 'boom'
    })
    expect(body.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(emu.used(SECRET_ID)).toBe(0)
  })
})

describe('API 3.0', () => {
  test('PurgePathCache accepted, recorded and counted', async () => {
    const res = await sendV3(emu.v3Endpoint, v3())
    expect(res.headers['content-type']).toBe('application/json')
    const body = json3(res)
    expect(body.Response.Error).toBeUndefined()
    expect(body.Response.TaskId).toEqual(expect.any(String))
    expect(emu.used(SECRET_ID, 'overseas')).toBe(1)
    expect(emu.requests[0]).toMatchObject({
      api: '3.0',
      action: 'PurgePathCache',
      verified: true,
      secretId: SECRET_ID,
      dirs: [`https://${DOMAIN}/a/`],
      body: { FlushType: 'flush', Area: 'overseas' }
    })
  })

  test('refuses a bad signature, and a Content-Type not sent as signed', async () => {
    const wrongKey = await post3({ secretKey: 'other' })
    expect(errorCode(wrongKey)).toBe('AuthFailure.SignatureFailure')
    const changed = await post3({
      contentType: 'application/json; charset=utf-8',
      sentContentType: 'application/json'
    })
    expect(errorCode(changed)).toBe('AuthFailure.SignatureFailure')
    const charset = await post3({
      contentType: 'application/json; charset=utf-8'
    })
    expect(errorCode(charset)).toBeUndefined()
  })

  test('refuses a local (non-UTC) credential date', async () => {
    // 23:30 UTC is already the next day in UTC+8.
    clock = Date.UTC(2024, 0, 2, 23, 30)
    const body = await post3({ date: '2024-01-03' })
    expect(errorCode(body)).toBe('AuthFailure.SignatureFailure')
    expect(body.Response.Error?.Message).toMatch(/UTC date/)
    expect(errorCode(await post3())).toBeUndefined()
  })

  test('refuses a timestamp more than 5 minutes off', async () => {
    const body = await post3({ timestamp: seconds() - 301 })
    expect(errorCode(body)).toBe('AuthFailure.SignatureExpire')
  })

  test('refuses unknown and malformed SecretIds, and an empty token', async () => {
    const unknown = await post3({ secretId: 'AKIDnobody' })
    expect(errorCode(unknown)).toBe('AuthFailure.SecretIdNotFound')
    const malformed = await post3({ secretId: 'AKID nobody' })
    expect(errorCode(malformed)).toBe('AuthFailure.InvalidSecretId')
    const token = await post3({ token: 'undefined' })
    expect(errorCode(token)).toBe('AuthFailure.TokenFailure')
  })

  test('refuses hosts outside the area, wildcards and bad parameters', async () => {
    const purge = (body: object): Promise<V3Body> =>
      post3({ body: JSON.stringify(body) })
    const ok = { FlushType: 'delete', Area: 'overseas' }
    const cases: [object, string][] = [
      [
        { ...ok, Paths: ['https://other.example.org/'] },
        'ResourceNotFound.CdnHostNotExists'
      ],
      [
        { ...ok, Area: 'mainland', Paths: [`https://${DOMAIN}/`] },
        'ResourceNotFound.CdnHostNotExists'
      ],
      [
        { ...ok, Paths: [`https://${DOMAIN}/*`] },
        'InvalidParameter.CdnPurgeWildcardNotAllowed'
      ],
      [
        { ...ok, Paths: dirs(21) },
        'LimitExceeded.CdnPurgePathExceedBatchLimit'
      ],
      [{ Paths: dirs(1), Area: 'overseas' }, 'InvalidParameter.CdnParamError'],
      [
        { Paths: dirs(1), FlushType: 'flush' },
        'InvalidParameter.CdnParamError'
      ],
      [{ ...ok, Paths: dirs(1), paths: [] }, 'UnknownParameter']
    ]
    for (const [body, code] of cases) {
      expect([body, errorCode(await purge(body))]).toEqual([body, code])
    }
    const mainland = {
      ...ok,
      Area: 'mainland',
      Paths: ['https://cn.example.com/']
    }
    expect(errorCode(await purge(mainland))).toBeUndefined()
    expect(emu.used(SECRET_ID, 'mainland')).toBe(1)
    expect(emu.used(SECRET_ID, 'overseas')).toBe(0)
  })

  test('quota per area, shared with 2.0 overseas, exact at the limit', async () => {
    emu.setUsed(SECRET_ID, 98)
    expect((await post2()).code).toBe(0)
    expect(errorCode(await post3())).toBeUndefined()
    expect(emu.used(SECRET_ID)).toBe(100)
    const over = await post3()
    expect(errorCode(over)).toBe('LimitExceeded.CdnPurgePathExceedDayLimit')
    const body = {
      Paths: ['https://cn.example.com/'],
      FlushType: 'flush',
      Area: 'mainland'
    }
    expect(
      errorCode(await post3({ body: JSON.stringify(body) }))
    ).toBeUndefined()
  })

  test('DescribePurgeQuota reports batch, total and what is left', async () => {
    emu.setUsed(SECRET_ID, 37)
    emu.setUsed(SECRET_ID, 5, 'mainland')
    const body = await post3({ action: 'DescribePurgeQuota', body: '{}' })
    expect(body.Response.PathPurge).toEqual([
      { Area: 'mainland', Batch: 20, Total: 100, Available: 95 },
      { Area: 'overseas', Batch: 20, Total: 100, Available: 63 }
    ])
    expect(body.Response.UrlPurge).toHaveLength(2)
  })

  test('refuses an unknown action', async () => {
    const body = await post3({ action: 'PurgeEverything' })
    expect(errorCode(body)).toBe('InvalidAction')
  })
})

describe('the emulator itself', () => {
  test('logs a line per request and 404s unknown paths', async () => {
    const lines: string[] = []
    const logged = await startEmulator({
      credentials: {},
      overseasDomains: [],
      log: line => lines.push(line)
    })
    try {
      const res = await send(`${logged.url}/elsewhere`, {})
      expect(res.status).toBe(404)
      expect(logged.requests[0]).toMatchObject({ api: 'unknown', status: 404 })
      expect(lines).toEqual([expect.stringContaining('/elsewhere')])
    } finally {
      await logged.close()
    }
  })
})
