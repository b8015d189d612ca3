// The committed bundle, run as a runner runs it, against the emulator.
import { startEmulator, type Emulator } from '../emulator/index.mjs'
import { runAction, type ActionRun } from '../scripts/run-action.mjs'

const SECRET_ID = 'AKIDe2eTestSecretId000000000000000'
const SECRET_KEY = 'e2eTestSecretKeyValue00000000000'

let emu: Emulator

beforeEach(async () => {
  emu = await startEmulator({
    credentials: { [SECRET_ID]: SECRET_KEY },
    overseasDomains: ['www.example.com', 'static.example.com']
  })
})

afterEach(async () => {
  await emu.close()
})

function run(inputs: Record<string, string>, env = {}): Promise<ActionRun> {
  return runAction({
    inputs: {
      'secret-id': SECRET_ID,
      'secret-key': SECRET_KEY,
      endpoint: emu.v2Endpoint,
      ...inputs
    },
    env,
    event: { ref: 'refs/heads/main' }
  })
}

const dirs = (host: string, n: number): string[] =>
  Array.from(
    { length: n },
    (_, i) => `https://${host}/page-${String(i).padStart(2, '0')}/`
  )

const json = (text: string | undefined): unknown => JSON.parse(text ?? 'null')

describe('API 2.0 end to end', () => {
  it('sends 45 dirs as 20 + 20 + 5 signed requests; count is 45 (F5, F13)', async () => {
    const list = dirs('www.example.com', 45)
    const result = await run({ dirs: list.join('\n') })

    expect(result.exitCode).toBe(0)
    expect(emu.requests.map(r => r.dirs.length)).toEqual([20, 20, 5])
    expect(emu.requests.every(r => r.verified)).toBe(true)
    expect(emu.requests.every(r => r.action === 'RefreshCdnOverSeaDir')).toBe(
      true
    )
    expect(emu.requests.every(r => r.method === 'POST')).toBe(true)
    expect(emu.requests.flatMap(r => r.dirs).sort()).toEqual(list)
    expect(emu.used(SECRET_ID)).toBe(45)
    expect(result.outputs.count).toBe('45')
    expect(result.outputs.requests).toBe('3')
    expect(json(result.outputs['refreshed-dirs'])).toEqual(list)
    expect(json(result.outputs['failed-dirs'])).toEqual([])
    expect(result.summary).toContain('45 of 45 directories refreshed')
    expect(result.annotations.filter(a => a.level === 'error')).toEqual([])
  })

  it('an unknown host fails its batch with 9110, exit 1, and hides no other result', async () => {
    const good = dirs('www.example.com', 3)
    const result = await run({
      dirs: [...good, 'https://unknown.example.org/a/'].join('\n')
    })

    expect(result.exitCode).toBe(1)
    const errors = result.annotations.filter(a => a.level === 'error')
    const batchError = errors.find(a => a.title?.includes('9110'))
    expect(batchError?.message).toContain('https://unknown.example.org/a/')
    expect(result.outputs.count).toBe('3')
    expect(json(result.outputs['refreshed-dirs'])).toEqual(good)
    expect(json(result.outputs['failed-dirs'])).toEqual([
      'https://unknown.example.org/a/'
    ])
    expect(result.summary).toMatch(
      /unknown\.example\.org\/a\/ \| ❌ failed \| \d \| 9110/
    )
  })

  it('dry-run plans and reports but sends nothing (F37)', async () => {
    const result = await run({
      dirs: dirs('www.example.com', 25).join(','),
      'dry-run': 'true'
    })

    expect(result.exitCode).toBe(0)
    expect(emu.requests).toHaveLength(0)
    expect(json(result.outputs['planned-dirs'])).toHaveLength(25)
    expect(result.outputs.count).toBe('0')
    expect(result.outputs.requests).toBe('0')
    expect(result.summary).toContain(
      '**Dry run**: 25 directories planned in 2 requests'
    )
  })

  it.each([
    [
      'a wildcard (F2)',
      { dirs: 'https://www.example.com/a/\nhttps://www.example.com/*' },
      /^Input 'dirs'.*'https:\/\/www\.example\.com\/\*'/
    ],
    ['another scheme', { dirs: 'ftp://www.example.com/a/' }, /^Input 'dirs'/],
    [
      'a bad number',
      { dirs: 'https://www.example.com/a/', 'batch-size': '20x' },
      /^Input 'batch-size' must be a whole number from 1 to 20, got '20x'\.$/
    ],
    ['an empty dirs (F3)', { dirs: ' ' }, /^Input 'dirs' is required/],
    [
      'API 3.0 options on a bad enum',
      { dirs: 'https://www.example.com/a/', 'over-limit': 'merge' },
      /^Input 'over-limit'/
    ]
  ])(
    'refuses %s before any request, in one line',
    async (_name, inputs, message) => {
      const result = await run(inputs)

      expect(result.exitCode).toBe(1)
      expect(emu.requests).toHaveLength(0)
      const errors = result.annotations.filter(a => a.level === 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0].message).toMatch(message)
      expect(result.stdout + result.stderr).not.toMatch(
        /\n\s+at .*\(.*:\d+:\d+\)/
      )
      expect(result.outputs.count).toBe('0')
    }
  )

  it('never prints a credential, even with debug logging and failures (F31, F32)', async () => {
    const token = 'tempSessionToken0123456789'
    emu.fault({ status: 503 }, 1)
    const result = await run(
      {
        dirs: [
          ...dirs('www.example.com', 3),
          'https://unknown.example.org/x/'
        ].join('\n'),
        'session-token': token,
        retries: '1'
      },
      { RUNNER_DEBUG: '1' }
    )

    const masked = result.stdout
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
      .join('\n')
    for (const secret of [SECRET_ID, SECRET_KEY, token]) {
      expect(result.stdout).toContain(`::add-mask::${secret}`)
      expect(masked).not.toContain(secret)
      expect(result.stderr).not.toContain(secret)
      expect(result.summary).not.toContain(secret)
      expect(Object.values(result.outputs).join('\n')).not.toContain(secret)
    }
    expect(masked).not.toMatch(/Signature|POSTwww|POST127/)
    // the token went to the API (as Token) on every request
    expect(emu.requests.every(r => r.token === token)).toBe(true)
  })

  it('a retired 2.0 endpoint names the endpoint and points at api-version 3.0 (F42)', async () => {
    emu.fault({ notFound: true }, 5)
    const result = await run({ dirs: 'https://www.example.com/a/' })

    expect(result.exitCode).toBe(1)
    const error = result.annotations.find(
      a => a.level === 'error' && a.title?.startsWith('Batch')
    )
    expect(error?.message).toContain(emu.v2Endpoint)
    expect(error?.message).toContain('api-version: 3.0')
    expect(emu.requests).toHaveLength(1)
  })
})
