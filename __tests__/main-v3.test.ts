// API 3.0 in-process (issue 5): run() with a fake runner, a scripted fetch
// and a manual clock, for what the end-to-end tests cannot pin exactly: how
// the quota answer sets the limits, and that each attempt is signed afresh.
import type { ActionCore } from '../src/core'
import { run } from '../src/main'
import {
  type Call,
  type Reply,
  type Script,
  SECRET_ID,
  SECRET_KEY,
  err3,
  fakeFetch,
  harness,
  ok2,
  ok3
} from './helpers/submit-fakes'

interface FakeCore {
  core: ActionCore
  outputs: Record<string, string>
  failed: string[]
  warnings: string[]
  errors: string[]
  infos: string[]
}

function fakeCore(inputs: Record<string, string>): FakeCore {
  const fake: FakeCore = {
    core: undefined as unknown as ActionCore,
    outputs: {},
    failed: [],
    warnings: [],
    errors: [],
    infos: []
  }
  fake.core = {
    getInput: name => inputs[name] ?? '',
    setSecret: () => undefined,
    setOutput: (name, value) => {
      fake.outputs[name] = value
    },
    setFailed: message => {
      fake.failed.push(message)
    },
    info: message => {
      fake.infos.push(message)
    },
    debug: () => undefined,
    notice: () => undefined,
    warning: message => {
      fake.warnings.push(message)
    },
    error: (message, properties) => {
      fake.errors.push(`${properties?.title ?? ''}\n${message}`)
    },
    group: (_name, fn) => fn(),
    writeSummary: async () => undefined
  }
  return fake
}

const dirsOf = (n: number): string[] =>
  Array.from(
    { length: n },
    (_, i) => `https://www.example.com/p${String(i).padStart(2, '0')}/`
  )

const quota = (available: number, batch: number, total = 100): Reply => ({
  body: {
    Response: {
      PathPurge: [
        { Area: 'mainland', Batch: 500, Total: 100, Available: 100 },
        { Area: 'overseas', Batch: batch, Total: total, Available: available }
      ],
      RequestId: 'quota-req'
    }
  }
})

const actionOf = (call: Call): string => call.headers['X-TC-Action']
const pathsOf = (call: Call): string[] =>
  (JSON.parse(call.body) as { Paths: string[] }).Paths

/**
 * Answers DescribePurgeQuota with `quotaReply`, PurgePathCache with `purge`
 * (by default a success with TaskIds task-1, task-2, … in order of arrival).
 */
function api(quotaReply: Reply | Error, purge?: Script): Script {
  let task = 0
  return call => {
    if (actionOf(call) === 'DescribePurgeQuota') return quotaReply
    return purge ? purge(call) : ok3(`task-${++task}`)
  }
}

async function runWith(
  inputs: Record<string, string>,
  script: Script,
  start?: number
): Promise<FakeCore & { calls: Call[] }> {
  const fake = fakeCore({
    'secret-id': SECRET_ID,
    'secret-key': SECRET_KEY,
    'api-version': '3.0',
    ...inputs
  })
  const http = fakeFetch(script)
  const h = harness(http.fetch, start)
  // As src/index.ts wires it: the submit stage logs through the runner.
  const deps = { ...h.deps, log: fake.core }
  await run({ core: fake.core, env: {}, submit: deps })
  return { ...fake, calls: http.calls }
}

describe('fitting the quota', () => {
  it('asks DescribePurgeQuota first, on the 3.0 default endpoint, with an empty body', async () => {
    const r = await runWith({ dirs: dirsOf(2).join('\n') }, api(quota(100, 20)))

    expect(r.calls.map(actionOf)).toEqual([
      'DescribePurgeQuota',
      'PurgePathCache'
    ])
    expect(r.calls[0].url).toBe('https://cdn.tencentcloudapi.com/')
    expect(r.calls[0].body).toBe('{}')
    expect(r.failed).toEqual([])
    expect(r.outputs['task-ids']).toBe('["task-1"]')
    expect(r.outputs.count).toBe('2')
  })

  it('plans at most Available dirs, widening with a warning', async () => {
    const r = await runWith(
      { dirs: dirsOf(30).join('\n'), 'batch-size': '20' },
      api(quota(7, 3))
    )

    const plan = JSON.parse(r.outputs['planned-dirs']) as string[]
    // 30 pages of one site fit 7 only by widening to the site's root.
    expect(plan).toEqual(['https://www.example.com/'])
    expect(r.warnings.some(w => w.startsWith('Widened 30 directories'))).toBe(
      true
    )
    expect(r.infos).toContain(
      'Purge quota (overseas): 7 of 100 directories left today, 3 per request.'
    )
    expect(r.failed).toEqual([])
  })

  it('keeps exactly min(batch-size, Batch) per request', async () => {
    const small = await runWith(
      { dirs: dirsOf(10).join('\n'), 'batch-size': '4' },
      api(quota(100, 20))
    )
    expect(small.calls.slice(1).map(c => pathsOf(c).length)).toEqual([4, 4, 2])
    expect(small.outputs.requests).toBe('3')

    const large = await runWith(
      { dirs: dirsOf(10).join('\n'), 'batch-size': '30' },
      api(quota(100, 3))
    )
    expect(large.calls.slice(1).map(c => pathsOf(c).length)).toEqual([
      3, 3, 3, 1
    ])
    expect(large.outputs.count).toBe('10')
  })

  it('keeps exactly min(daily-limit, Available) dirs', async () => {
    const byInput = await runWith(
      { dirs: dirsOf(3).join('\n'), 'daily-limit': '2', 'over-limit': 'fail' },
      api(quota(50, 20))
    )
    expect(byInput.failed).toEqual([
      expect.stringMatching(/allows 2 directories, but the plan has 3/)
    ])
    // The input's limit is known without asking: refused before any request.
    expect(byInput.calls.map(actionOf)).toEqual([])

    const byQuota = await runWith(
      { dirs: dirsOf(3).join('\n'), 'daily-limit': '50', 'over-limit': 'fail' },
      api(quota(2, 20))
    )
    expect(byQuota.failed).toEqual([
      expect.stringMatching(/allows 2 directories, but the plan has 3/)
    ])

    const fits = await runWith(
      { dirs: dirsOf(3).join('\n'), 'daily-limit': '50', 'over-limit': 'fail' },
      api(quota(3, 20))
    )
    expect(fits.failed).toEqual([])
    expect(fits.outputs.count).toBe('3')
  })

  it('fails clearly when nothing is left today, sending no purge', async () => {
    const r = await runWith({ dirs: dirsOf(1).join('\n') }, api(quota(0, 20)))

    expect(r.calls.map(actionOf)).toEqual(['DescribePurgeQuota'])
    expect(r.failed).toEqual([
      '1 of 1 directories were not refreshed; see the annotations and the job summary.'
    ])
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toContain(
      "Today's overseas directory purge quota is used up (0 of 100 left), so nothing was sent. It resets daily."
    )
    expect(r.outputs.count).toBe('0')
    expect(r.outputs['failed-dirs']).toBe(JSON.stringify(dirsOf(1)))
  })

  it('reads the entry of the chosen area', async () => {
    const r = await runWith(
      { dirs: 'https://cn.example.com/a/', area: 'mainland' },
      api(quota(0, 20))
    )
    // overseas has 0 left, mainland 100: a mainland run goes ahead.
    expect(r.failed).toEqual([])
    expect(r.infos).toContain(
      'Purge quota (mainland): 100 of 100 directories left today, 500 per request.'
    )
    expect(JSON.parse(r.calls[1].body)).toEqual({
      Paths: ['https://cn.example.com/a/'],
      FlushType: 'flush',
      Area: 'mainland'
    })
  })

  it.each<[string, Reply | Error]>([
    ['an API error', err3('UnauthorizedOperation.CdnCamUnauthorized', 'no')],
    ['no entry for the area', { body: { Response: { PathPurge: [] } } }],
    ['a page', { status: 502, body: '<html>bad gateway</html>' }],
    [
      'a network error',
      Object.assign(new Error('reset'), { code: 'ECONNRESET' })
    ]
  ])('warns and goes on with the inputs on %s', async (_name, reply) => {
    const r = await runWith(
      { dirs: dirsOf(25).join('\n'), 'batch-size': '20' },
      api(reply)
    )

    expect(r.warnings).toEqual([
      expect.stringMatching(
        /^Could not read today's purge quota \(DescribePurgeQuota\): .*Going on with the inputs\.$/
      )
    ])
    // The quota call is not retried; the purge goes on with batch-size 20.
    expect(r.calls.map(actionOf)).toEqual([
      'DescribePurgeQuota',
      'PurgePathCache',
      'PurgePathCache'
    ])
    expect(r.calls.slice(1).map(c => pathsOf(c).length)).toEqual([20, 5])
    expect(r.outputs.count).toBe('25')
    expect(r.failed).toEqual([])
  })

  it('asks nothing in a dry run, and nothing of the quota on API 2.0', async () => {
    const dry = await runWith(
      { dirs: dirsOf(3).join('\n'), 'dry-run': 'true' },
      api(quota(0, 20))
    )
    expect(dry.calls).toEqual([])
    expect(dry.failed).toEqual([])

    const v2 = await runWith(
      { dirs: dirsOf(3).join('\n'), 'api-version': '2.0' },
      () => ok2(3)
    )
    expect(v2.calls).toHaveLength(1)
    expect(v2.calls[0].form.get('Action')).toBe('RefreshCdnOverSeaDir')
    expect(v2.outputs['task-ids']).toBe('[]')
  })
})

describe('signing each attempt', () => {
  it('signs a retry afresh: new X-TC-Timestamp, UTC date and signature', async () => {
    // 23:59:59.5 UTC; the backoff (750 ms with random 0.5) crosses midnight.
    const start = Date.UTC(2024, 0, 2, 23, 59, 59, 500)
    let attempts = 0
    const r = await runWith(
      { dirs: 'https://www.example.com/a/' },
      api(quota(100, 20), () =>
        ++attempts === 1 ? err3('InternalError', 'blip') : ok3('task-ok')
      ),
      start
    )

    expect(r.failed).toEqual([])
    const purges = r.calls.filter(c => actionOf(c) === 'PurgePathCache')
    expect(purges).toHaveLength(2)
    expect(purges.map(c => c.headers['X-TC-Timestamp'])).toEqual([
      String(Math.floor(start / 1000)),
      String(Math.floor(start / 1000) + 1)
    ])
    const scope = (c: Call): string =>
      /Credential=[^/]+\/(\d{4}-\d\d-\d\d)\/cdn\/tc3_request/.exec(
        c.headers.Authorization
      )![1]
    expect(purges.map(scope)).toEqual(['2024-01-02', '2024-01-03'])
    expect(purges[0].headers.Authorization).not.toBe(
      purges[1].headers.Authorization
    )
    expect(purges[0].body).toBe(purges[1].body)
    expect(r.outputs['task-ids']).toBe('["task-ok"]')
  })
})
