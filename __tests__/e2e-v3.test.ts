// API 3.0 (issue 5): the committed bundle, run as a runner runs it, against
// the emulator, which checks every TC3 signature with its own code.
import {
  startEmulator,
  type Emulator,
  type EmulatorOptions,
  type FaultSpec,
  type RecordedRequest
} from '../emulator/index.mjs'
import {
  runAction,
  type ActionRun,
  type Annotation
} from '../scripts/run-action.mjs'

const SECRET_ID = 'AKIDe2eV3SecretId0000000000000000'
const SECRET_KEY = 'e2eV3SecretKeyValue0000000000000'
const TOKEN = 'tempV3SessionToken0123456789'
const OVERSEAS = ['www.example.com', 'static.example.com']
const MAINLAND = ['cn.example.com']

let emu: Emulator | undefined

async function start(
  options: Partial<EmulatorOptions> = {}
): Promise<Emulator> {
  await emu?.close()
  emu = await startEmulator({
    credentials: { [SECRET_ID]: SECRET_KEY },
    overseasDomains: OVERSEAS,
    mainlandDomains: MAINLAND,
    ...options
  })
  return emu
}

afterEach(async () => {
  await emu?.close()
  emu = undefined
})

function run(
  e: Emulator,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<ActionRun> {
  return runAction({
    inputs: {
      'secret-id': SECRET_ID,
      'secret-key': SECRET_KEY,
      'api-version': '3.0',
      endpoint: e.v3Endpoint,
      ...inputs
    },
    env,
    event: { ref: 'refs/heads/main' }
  })
}

const dirs = (host: string, n: number, parent = ''): string[] =>
  Array.from(
    { length: n },
    (_, i) => `https://${host}/${parent}page-${String(i).padStart(2, '0')}/`
  )

const json = (text: string | undefined): unknown => JSON.parse(text ?? 'null')

const purges = (e: Emulator): RecordedRequest[] =>
  e.requests.filter(r => r.action === 'PurgePathCache')

const errors = (result: ActionRun): Annotation[] =>
  result.annotations.filter(a => a.level === 'error')
const warnings = (result: ActionRun): Annotation[] =>
  result.annotations.filter(a => a.level === 'warning')

interface V3Response {
  Response: {
    TaskId?: string
    RequestId?: string
    Error?: { Code: string; Message: string }
  }
}
const responseOf = (r: RecordedRequest): V3Response => r.response as V3Response

/**
 * The fault queue is shared and the first request of a 3.0 run is
 * DescribePurgeQuota: serve that one a plain quota answer (as raw JSON), so
 * the faults queued after it reach PurgePathCache.
 */
function quotaAnswer(e: Emulator, available = 100, batch = 20): void {
  const entry = (area: string): Record<string, unknown> => ({
    Area: area,
    Batch: batch,
    Total: 100,
    Available: available
  })
  const body = JSON.stringify({
    Response: {
      PathPurge: [entry('mainland'), entry('overseas')],
      RequestId: 'quota-request-id'
    }
  })
  e.fault({ body, contentType: 'application/json' })
}

/** Each planned dir equals or lies under one of `plan`. */
function covered(list: string[], plan: string[]): boolean {
  return list.every(dir => plan.some(p => dir.startsWith(p)))
}

describe('API 3.0 end to end', () => {
  it('sends 25 dirs as 20 + 5 signed PurgePathCache requests after DescribePurgeQuota; count 25', async () => {
    const e = await start()
    const list = dirs('www.example.com', 25)
    const result = await run(e, { dirs: list.join('\n') })

    expect(result.exitCode).toBe(0)
    expect(e.requests.map(r => r.action)).toEqual([
      'DescribePurgeQuota',
      'PurgePathCache',
      'PurgePathCache'
    ])
    expect(e.requests.every(r => r.api === '3.0' && r.verified)).toBe(true)
    expect(e.requests.every(r => r.method === 'POST')).toBe(true)
    expect(
      e.requests.every(r => r.headers['x-tc-version'] === '2018-06-06')
    ).toBe(true)
    expect(e.requests.every(r => r.headers['x-tc-token'] === undefined)).toBe(
      true
    )
    expect(e.requests[0].body).toEqual({})

    const sent = purges(e)
    expect(sent.map(r => r.dirs.length).sort((a, b) => b - a)).toEqual([20, 5])
    for (const r of sent) {
      expect(r.body).toEqual({
        Paths: r.dirs,
        FlushType: 'flush',
        Area: 'overseas'
      })
      expect(r.headers.authorization).toMatch(
        /^TC3-HMAC-SHA256 Credential=AKIDe2eV3SecretId0000000000000000\/\d{4}-\d\d-\d\d\/cdn\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/
      )
    }
    expect(sent.flatMap(r => r.dirs).sort()).toEqual(list)
    expect(e.used(SECRET_ID, 'overseas')).toBe(25)
    expect(e.used(SECRET_ID, 'mainland')).toBe(0)

    // task-ids: the TaskIds the emulator handed out, in batch order.
    const inOrder = [...sent].sort(
      (a, b) => list.indexOf(a.dirs[0]) - list.indexOf(b.dirs[0])
    )
    const taskIds = inOrder.map(r => responseOf(r).Response.TaskId)
    expect(taskIds.every(id => typeof id === 'string' && id !== '')).toBe(true)
    expect(json(result.outputs['task-ids'])).toEqual(taskIds)
    expect(result.outputs.count).toBe('25')
    expect(result.outputs.requests).toBe('2')
    expect(json(result.outputs['refreshed-dirs'])).toEqual(list)
    expect(json(result.outputs['failed-dirs'])).toEqual([])
    expect(result.summary).toContain('25 of 25 directories refreshed')
    expect(result.summary).toContain('PurgePathCache')
    expect(result.stdout).toContain(
      'Purge quota (overseas): 100 of 100 directories left today, 20 per request.'
    )
    expect(errors(result)).toEqual([])
    expect(warnings(result)).toEqual([])
  })

  it("takes api-version '3' (YAML's reading of 3.0) the same way", async () => {
    const e = await start()
    const list = dirs('www.example.com', 25)
    const result = await run(e, { 'api-version': '3', dirs: list.join(',') })

    expect(result.exitCode).toBe(0)
    expect(e.requests.map(r => r.action)).toEqual([
      'DescribePurgeQuota',
      'PurgePathCache',
      'PurgePathCache'
    ])
    expect(e.requests.every(r => r.verified)).toBe(true)
    expect(purges(e).every(r => r.dirs.length <= 20)).toBe(true)
    expect(result.outputs.count).toBe('25')
    expect(result.outputs.requests).toBe('2')
    expect(json(result.outputs['task-ids'])).toHaveLength(2)
  })

  it.each([
    ['left at the action.yml default', {}],
    ['set empty', { endpoint: '' }]
  ])(
    'targets https://cdn.tencentcloudapi.com/ when endpoint is %s (dry run, no network)',
    async (_name, over) => {
      const e = await start()
      const result = await runAction({
        inputs: {
          'api-version': '3.0',
          'dry-run': 'true',
          dirs: dirs('www.example.com', 3).join('\n'),
          ...over
        },
        env: { RUNNER_DEBUG: '1' },
        event: { ref: 'refs/heads/main' }
      })

      expect(result.exitCode).toBe(0)
      expect(result.stdout).toContain(
        '::debug::endpoint: "https://cdn.tencentcloudapi.com/"'
      )
      expect(result.stdout).not.toContain('cdn.api.qcloud.com')
      // A dry run asks nothing, not even the quota.
      expect(e.requests).toHaveLength(0)
      expect(result.stdout).not.toMatch(/purge quota/i)
      expect(result.outputs.requests).toBe('0')
      expect(result.outputs['task-ids']).toBe('[]')
      expect(result.summary).toContain(
        '**Dry run**: 3 directories planned in 1 request'
      )
    }
  )

  it('an unknown domain fails with ResourceNotFound.CdnHostNotExists and the RequestId; exit 1', async () => {
    const e = await start()
    const good = dirs('www.example.com', 3)
    const bad = 'https://unknown.example.org/a/'
    const result = await run(e, { dirs: [...good, bad].join('\n') })

    expect(result.exitCode).toBe(1)
    const refused = purges(e).find(r => r.dirs.includes(bad))
    expect(refused?.dirs).toEqual([bad])
    const answer = responseOf(refused!).Response
    expect(answer.Error?.Code).toBe('ResourceNotFound.CdnHostNotExists')
    expect(answer.RequestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(purges(e)).toHaveLength(2) // final: not retried

    const annotation = errors(result).find(a =>
      a.title?.includes('ResourceNotFound.CdnHostNotExists')
    )
    expect(annotation?.message).toContain(`RequestId: ${answer.RequestId}`)
    expect(annotation?.message).toContain(bad)
    expect(result.outputs.count).toBe('3')
    expect(json(result.outputs['refreshed-dirs'])).toEqual(good)
    expect(json(result.outputs['failed-dirs'])).toEqual([bad])
    expect(json(result.outputs['task-ids'])).toHaveLength(1)
  })
})

describe('the quota answer', () => {
  // 5 sections of 5 pages: 25 dirs, nothing nested.
  const spread = ['a', 'b', 'c', 'd', 'e'].flatMap(s =>
    dirs('www.example.com', 5, `${s}/`)
  )

  it('shrinks the plan to what is left today (10 of 100), widening with a warning', async () => {
    const e = await start()
    e.setUsed(SECRET_ID, 90)
    const result = await run(e, { dirs: spread.join('\n') })

    expect(result.exitCode).toBe(0)
    expect(e.requests[0].action).toBe('DescribePurgeQuota')
    const plan = json(result.outputs['planned-dirs']) as string[]
    expect(plan.length).toBeGreaterThan(0)
    expect(plan.length).toBeLessThanOrEqual(10)
    expect(covered(spread, plan)).toBe(true)
    expect(
      purges(e)
        .flatMap(r => r.dirs)
        .sort()
    ).toEqual([...plan].sort())
    expect(e.used(SECRET_ID)).toBe(90 + plan.length)
    expect(result.outputs.count).toBe(String(plan.length))
    expect(
      warnings(result).some(w =>
        /^Widened \d+ directories into \d+ parent/.test(w.message)
      )
    ).toBe(true)
    expect(result.stdout).toContain(
      'Purge quota (overseas): 10 of 100 directories left today'
    )
  })

  it('leaves the plan alone when daily-limit is the smaller limit', async () => {
    const e = await start()
    e.setUsed(SECRET_ID, 50)
    const result = await run(e, { dirs: spread.join('\n'), 'daily-limit': '5' })

    expect(result.exitCode).toBe(0)
    const plan = json(result.outputs['planned-dirs']) as string[]
    expect(plan.length).toBeLessThanOrEqual(5)
    expect(covered(spread, plan)).toBe(true)
    expect(e.used(SECRET_ID)).toBe(50 + plan.length)
  })

  it('with over-limit: fail, stops with a clear error and purges nothing', async () => {
    const e = await start()
    e.setUsed(SECRET_ID, 90)
    const result = await run(e, {
      dirs: spread.join('\n'),
      'over-limit': 'fail'
    })

    expect(result.exitCode).toBe(1)
    expect(e.requests.map(r => r.action)).toEqual(['DescribePurgeQuota'])
    expect(e.used(SECRET_ID)).toBe(90)
    const [error] = errors(result)
    expect(errors(result)).toHaveLength(1)
    expect(error.message).toMatch(/allows 10 directories, but the plan has 25/)
    expect(error.message).toMatch(/remaining quota/)
    expect(result.outputs.count).toBe('0')
    expect(result.outputs.requests).toBe('0')
  })

  it('used up (0 left) fails clearly before any purge', async () => {
    const e = await start()
    e.setUsed(SECRET_ID, 100)
    const list = dirs('www.example.com', 3)
    const result = await run(e, { dirs: list.join('\n') })

    expect(result.exitCode).toBe(1)
    expect(e.requests.map(r => r.action)).toEqual(['DescribePurgeQuota'])
    const [batch, final] = errors(result)
    expect(errors(result)).toHaveLength(2)
    expect(batch.title).toBe('Batch 1 of 1 not sent')
    expect(batch.message).toMatch(/overseas directory purge quota is used up/)
    expect(batch.message).toMatch(/nothing was sent/)
    expect(final.message).toMatch(/^3 of 3 directories were not refreshed/)
    expect(result.outputs.count).toBe('0')
    expect(JSON.parse(result.outputs['failed-dirs'])).toEqual(list)
    expect(result.summary).toContain('⏸️ not sent')
  })

  it('used up, with fail-on-error false: warnings, and the step passes', async () => {
    const e = await start()
    e.setUsed(SECRET_ID, 100)
    const result = await run(e, {
      dirs: dirs('www.example.com', 3).join('\n'),
      'fail-on-error': 'false'
    })

    expect(result.exitCode).toBe(0)
    expect(errors(result)).toEqual([])
    expect(e.requests.map(r => r.action)).toEqual(['DescribePurgeQuota'])
    const warned = result.annotations.filter(a => a.level === 'warning')
    expect(warned.map(a => a.message).join('\n')).toMatch(/quota is used up/)
  })

  it('allows batch-size above 20 up to the Batch the quota reports (50)', async () => {
    const e = await start({ batchLimit: 50 })
    const list = dirs('www.example.com', 45)
    const result = await run(e, { dirs: list.join('\n'), 'batch-size': '30' })

    expect(result.exitCode).toBe(0)
    expect(
      purges(e)
        .map(r => r.dirs.length)
        .sort((a, b) => b - a)
    ).toEqual([30, 15])
    expect(e.requests.every(r => r.verified)).toBe(true)
    expect(result.outputs.count).toBe('45')
    expect(result.outputs.requests).toBe('2')
  })

  it('lets the quota Batch (20) win over a larger batch-size (30)', async () => {
    const e = await start()
    const list = dirs('www.example.com', 45)
    const result = await run(e, { dirs: list.join('\n'), 'batch-size': '30' })

    expect(result.exitCode).toBe(0)
    expect(
      purges(e)
        .map(r => r.dirs.length)
        .sort((a, b) => b - a)
    ).toEqual([20, 20, 5])
    expect(result.outputs.count).toBe('45')
    expect(result.outputs.requests).toBe('3')
  })

  it.each<[string, FaultSpec]>([
    [
      'refused (CAM)',
      { error: 'UnauthorizedOperation.CdnCamUnauthorized', message: 'no' }
    ],
    ['an HTML page', { status: 502 }],
    ['a reset', { reset: true }]
  ])(
    'failing (%s) only warns; the purge goes on with the inputs',
    async (_name, fault) => {
      const e = await start()
      e.fault(fault)
      const list = dirs('www.example.com', 3)
      const result = await run(e, { dirs: list.join('\n') })

      expect(result.exitCode).toBe(0)
      expect(e.requests.map(r => r.action)).toEqual([
        'DescribePurgeQuota',
        'PurgePathCache'
      ])
      const warning = warnings(result).find(w =>
        w.message.includes('DescribePurgeQuota')
      )
      expect(warning?.message).toMatch(/Going on with the inputs/)
      expect(result.outputs.count).toBe('3')
      expect(errors(result)).toEqual([])
    }
  )

  it('names the CAM code when the key may not read the quota', async () => {
    const e = await start()
    e.fault({ error: 'UnauthorizedOperation.CdnCamUnauthorized' })
    const result = await run(e, { dirs: 'https://www.example.com/a/' })
    const warning = warnings(result).find(w =>
      w.message.includes('DescribePurgeQuota')
    )
    expect(warning?.message).toContain(
      'UnauthorizedOperation.CdnCamUnauthorized'
    )
  })
})

describe('area and flush-type', () => {
  it('area: mainland sends Area mainland, reads the mainland quota and uses its domains', async () => {
    const e = await start()
    e.setUsed(SECRET_ID, 95, 'mainland')
    const list = dirs('cn.example.com', 3)
    const result = await run(e, { dirs: list.join('\n'), area: 'mainland' })

    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(
      'Purge quota (mainland): 5 of 100 directories left today'
    )
    const [sent] = purges(e)
    expect(purges(e)).toHaveLength(1)
    expect(sent.body).toEqual({
      Paths: list,
      FlushType: 'flush',
      Area: 'mainland'
    })
    expect(sent.verified).toBe(true)
    expect(e.used(SECRET_ID, 'mainland')).toBe(98)
    expect(e.used(SECRET_ID, 'overseas')).toBe(0)
    expect(result.summary).toContain('area mainland')
  })

  it('flush-type: delete sends FlushType delete', async () => {
    const e = await start()
    const result = await run(e, {
      dirs: 'https://www.example.com/a/',
      'flush-type': 'delete'
    })

    expect(result.exitCode).toBe(0)
    expect(purges(e).map(r => r.body)).toEqual([
      {
        Paths: ['https://www.example.com/a/'],
        FlushType: 'delete',
        Area: 'overseas'
      }
    ])
  })

  it('a domain of the other area fails alone, and the right area goes through', async () => {
    const e = await start()
    const overseas = dirs('www.example.com', 2)
    const mainland = 'https://cn.example.com/x/'
    const result = await run(e, { dirs: [...overseas, mainland].join('\n') })

    expect(result.exitCode).toBe(1)
    expect(purges(e)).toHaveLength(2)
    const annotation = errors(result).find(a =>
      a.title?.includes('ResourceNotFound.CdnHostNotExists')
    )
    expect(annotation?.message).toContain(mainland)
    expect(annotation?.message).toMatch(
      /set the area input to match the domain/
    )
    expect(json(result.outputs['refreshed-dirs'])).toEqual(overseas)
    expect(json(result.outputs['failed-dirs'])).toEqual([mainland])
    expect(e.used(SECRET_ID, 'overseas')).toBe(2)
  })
})

describe('session-token', () => {
  it('is sent as X-TC-Token on every call when set, and never printed', async () => {
    const e = await start()
    e.fault({ status: 503 }, 2) // the quota call, then the first attempt
    const result = await run(
      e,
      {
        dirs: [
          ...dirs('www.example.com', 2),
          'https://unknown.example.org/x/'
        ].join('\n'),
        'session-token': TOKEN,
        retries: '1'
      },
      { RUNNER_DEBUG: '1' }
    )

    expect(e.requests.length).toBeGreaterThanOrEqual(3)
    for (const r of e.requests) {
      expect(r.headers['x-tc-token']).toBe(TOKEN)
      expect(r.token).toBe(TOKEN)
      expect(r.verified).toBe(true)
    }
    const masked = result.stdout
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
      .join('\n')
    for (const secret of [SECRET_ID, SECRET_KEY, TOKEN]) {
      expect(result.stdout).toContain(`::add-mask::${secret}`)
      expect(masked).not.toContain(secret)
      expect(result.stderr).not.toContain(secret)
      expect(result.summary).not.toContain(secret)
      expect(Object.values(result.outputs).join('\n')).not.toContain(secret)
    }
    expect(masked).not.toMatch(/Signature=|TC3-HMAC-SHA256|tc3_request/)
  })

  it('is not sent when not set', async () => {
    const e = await start()
    const result = await run(e, { dirs: 'https://www.example.com/a/' })

    expect(result.exitCode).toBe(0)
    expect(e.requests).toHaveLength(2)
    for (const r of e.requests) {
      expect(r.headers['x-tc-token']).toBeUndefined()
      expect(r.token).toBeUndefined()
    }
  })

  it('falls back to TENCENTCLOUD_SESSION_TOKEN', async () => {
    const e = await start()
    const result = await run(
      e,
      { dirs: 'https://www.example.com/a/' },
      { TENCENTCLOUD_SESSION_TOKEN: TOKEN }
    )

    expect(result.exitCode).toBe(0)
    expect(e.requests.every(r => r.headers['x-tc-token'] === TOKEN)).toBe(true)
    expect(result.stdout).toContain(`::add-mask::${TOKEN}`)
  })
})

describe('retries', () => {
  it('retries InternalError with a fresh timestamp and signature each time, then accepts', async () => {
    const e = await start()
    quotaAnswer(e)
    e.fault({ error: 'InternalError', message: 'try again' }, 2)
    const result = await run(e, { dirs: 'https://www.example.com/a/' })

    expect(result.exitCode).toBe(0)
    const attempts = purges(e)
    expect(attempts).toHaveLength(3)
    expect(attempts.every(r => r.verified)).toBe(true)
    expect(attempts.map(r => responseOf(r).Response.Error?.Code)).toEqual([
      'InternalError',
      'InternalError',
      undefined
    ])
    // Backoff of at least 0.5 s + 1 s: the last attempt is in a later second,
    // and each signature verified against its own X-TC-Timestamp.
    const stamps = attempts.map(r => Number(r.headers['x-tc-timestamp']))
    expect(stamps[2]).toBeGreaterThan(stamps[0])
    expect(stamps[1]).toBeGreaterThanOrEqual(stamps[0])
    const signature = (r: RecordedRequest): string =>
      /Signature=([0-9a-f]{64})$/.exec(String(r.headers.authorization))![1]
    expect(signature(attempts[2])).not.toBe(signature(attempts[0]))
    expect(result.outputs.count).toBe('1')
    expect(result.outputs.requests).toBe('1')
    expect(json(result.outputs['task-ids'])).toEqual([
      responseOf(attempts[2]).Response.TaskId
    ])
  })

  it.each([
    'RequestLimitExceeded',
    'RequestLimitExceeded.UinLimitExceeded',
    'InternalError.ServerError',
    'UnauthorizedOperation.OperationTooOften'
  ])('retries %s, then accepts', async code => {
    const e = await start()
    quotaAnswer(e)
    e.fault({ error: code })
    const result = await run(e, { dirs: 'https://www.example.com/a/' })

    expect(result.exitCode).toBe(0)
    expect(purges(e)).toHaveLength(2)
    expect(purges(e).every(r => r.verified)).toBe(true)
    expect(result.outputs.count).toBe('1')
    expect(errors(result)).toEqual([])
  })

  it.each<[string, FaultSpec]>([
    ['HTTP 503', { status: 503 }],
    [
      'HTTP 503 with a JSON body but no TaskId',
      {
        status: 503,
        body: '{"Response":{"RequestId":"gateway-id"}}',
        contentType: 'application/json'
      }
    ],
    ['a connection reset', { reset: true }]
  ])('retries %s, then accepts', async (_name, fault) => {
    const e = await start()
    quotaAnswer(e)
    e.fault(fault)
    const result = await run(e, { dirs: 'https://www.example.com/a/' })

    expect(result.exitCode).toBe(0)
    expect(purges(e)).toHaveLength(2)
    expect(result.outputs.count).toBe('1')
    expect(e.used(SECRET_ID)).toBe(1)
  })

  it.each([
    'AuthFailure.SignatureFailure',
    'AuthFailure.SecretIdNotFound',
    'LimitExceeded.CdnPurgePathExceedDayLimit',
    'LimitExceeded.CdnPurgePathExceedBatchLimit',
    'InvalidParameter.CdnPurgeWildcardNotAllowed',
    'InvalidParameter.CdnUrlExceedLength',
    'UnauthorizedOperation.CdnCamUnauthorized'
  ])('tries %s exactly once', async code => {
    const e = await start()
    quotaAnswer(e)
    e.fault({ error: code, message: `emulated ${code}` }, 4)
    const result = await run(e, { dirs: 'https://www.example.com/a/' })

    expect(result.exitCode).toBe(1)
    expect(purges(e)).toHaveLength(1)
    const annotation = errors(result).find(a => a.title?.includes(code))
    expect(annotation?.message).toContain(`emulated ${code}`)
    expect(annotation?.message).toContain(
      `RequestId: ${responseOf(purges(e)[0]).Response.RequestId}`
    )
    expect(result.outputs.count).toBe('0')
    expect(json(result.outputs['failed-dirs'])).toEqual([
      'https://www.example.com/a/'
    ])
  })

  it('a real bad key: every request fails the emulator check, once', async () => {
    const e = await start()
    const result = await run(e, {
      dirs: 'https://www.example.com/a/',
      'secret-key': 'notTheRightKey000000000000000000'
    })

    expect(result.exitCode).toBe(1)
    expect(e.requests.map(r => r.verified)).toEqual([false, false])
    expect(purges(e)).toHaveLength(1)
    const annotation = errors(result).find(a =>
      a.title?.includes('AuthFailure.SignatureFailure')
    )
    expect(annotation?.message).toMatch(/secret-id and secret-key/)
  })

  it('a runner clock 10 minutes off: SignatureExpire, not retried, with a clock hint', async () => {
    const e = await start({ now: () => Date.now() + 10 * 60 * 1000 })
    const result = await run(e, { dirs: 'https://www.example.com/a/' })

    expect(result.exitCode).toBe(1)
    // The quota call is refused too: a warning, and the purge is still tried.
    expect(e.requests.map(r => r.action)).toEqual([
      'DescribePurgeQuota',
      'PurgePathCache'
    ])
    expect(e.requests.map(r => responseOf(r).Response.Error?.Code)).toEqual([
      'AuthFailure.SignatureExpire',
      'AuthFailure.SignatureExpire'
    ])
    const annotation = errors(result).find(a =>
      a.title?.includes('AuthFailure.SignatureExpire')
    )
    expect(annotation?.message).toMatch(/clock/)
    expect(annotation?.message).toMatch(/NTP/)
  })
})
