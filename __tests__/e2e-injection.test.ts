// Text from strangers (file names in a pull request, words in an API answer)
// must never become a workflow command or carry a secret into the log.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { startEmulator, type Emulator } from '../emulator/index.mjs'
import { runAction, type ActionRun } from '../scripts/run-action.mjs'

const ID = 'AKIDinjectionTestSecretIdABCDEFGHI'
const KEY = 'injectionTestSecretKeyValueABCDE'

let emu: Emulator
beforeEach(async () => {
  emu = await startEmulator({
    credentials: { [ID]: KEY },
    overseasDomains: ['www.example.com']
  })
})
afterEach(async () => {
  await emu.close()
})

function run(inputs: Record<string, string>, extra = {}): Promise<ActionRun> {
  return runAction({
    inputs: { 'secret-id': ID, 'secret-key': KEY, ...inputs },
    event: {},
    ...extra
  })
}

/** Lines the runner would read as commands, other than the action's own. */
function forged(result: ActionRun): string[] {
  return result.stdout
    .split(/\r?\n|\r/)
    .filter(line => /^::[a-z-]+(?: [^:]*)?::pwned/.test(line))
}

function leaked(result: ActionRun): boolean {
  const text = [
    result.stdout.replace(/^::add-mask::.*$/gm, ''),
    result.stderr,
    result.summary,
    JSON.stringify(result.outputs)
  ].join('\n')
  return text.includes(KEY) || text.includes(ID)
}

it('a changed file named with a newline and a command stays one log line', async () => {
  const repo = mkdtempSync(join(tmpdir(), 'inject-'))
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim()
  try {
    git('init', '-q', '-b', 'main')
    git('config', 'user.email', 't@example.com')
    git('config', 'user.name', 'T')
    writeFileSync(join(repo, 'README.md'), 'x\n')
    git('add', '-A')
    git('commit', '-q', '-m', 'one')
    const before = git('rev-parse', 'HEAD')
    const evil = join(repo, 'public', 'docs', 'evil\n::error::pwned.html')
    mkdirSync(dirname(evil), { recursive: true })
    writeFileSync(evil, 'x\n')
    git('add', '-A')
    git('commit', '-q', '-m', 'two')
    const after = git('rev-parse', 'HEAD')

    const result = await runAction({
      inputs: {
        'secret-id': ID,
        'secret-key': KEY,
        endpoint: emu.v2Endpoint,
        root: 'public',
        dirs: 'https://www.example.com/{dir}/'
      },
      event: { before, after, commits: [{ id: after, message: 'two' }] },
      env: { GITHUB_WORKSPACE: repo }
    })

    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.outputs['planned-dirs'])).toEqual([
      'https://www.example.com/docs/'
    ])
    expect(forged(result)).toEqual([])
    expect(result.stdout).toContain('evil\\u000a::error::pwned.html')
  } finally {
    rmSync(repo, { recursive: true, force: true })
  }
})

describe('API 3.0 answers are judged, not echoed', () => {
  const quota = JSON.stringify({
    Response: {
      PathPurge: [{ Area: 'overseas', Batch: 20, Total: 100, Available: 100 }],
      RequestId: 'q-1'
    }
  })
  const answer = (body: unknown): void => {
    emu.fault({ body: quota, contentType: 'application/json' })
    emu.fault({ body: JSON.stringify(body), contentType: 'application/json' })
  }
  const v3 = (): Promise<ActionRun> =>
    run({
      'api-version': '3.0',
      endpoint: emu.v3Endpoint,
      retries: '0',
      dirs: 'https://www.example.com/a/'
    })

  it('an error code or RequestId that is not a token is not printed', async () => {
    answer({
      Response: {
        Error: { Code: 'InvalidParameter\n::error::pwned-code', Message: 'm' },
        RequestId: `r1\n::error::pwned-id ${KEY}`
      }
    })
    const result = await v3()
    expect(result.exitCode).toBe(1)
    expect(forged(result)).toEqual([])
    expect(leaked(result)).toBe(false)
  })

  it('a TaskId carrying text is not taken as a yes', async () => {
    answer({ Response: { TaskId: `t\n::error::pwned-task ${KEY}` } })
    const result = await v3()
    expect(result.exitCode).toBe(1)
    expect(result.outputs.count).toBe('0')
    expect(result.outputs['task-ids']).toBe('[]')
    expect(forged(result)).toEqual([])
    expect(leaked(result)).toBe(false)
  })

  it('a quota answer with a fractional Batch is ignored with a warning', async () => {
    emu.fault({
      body: JSON.stringify({
        Response: {
          PathPurge: [
            { Area: 'overseas', Batch: 1.5, Total: 100, Available: 100 }
          ]
        }
      }),
      contentType: 'application/json'
    })
    const result = await v3()
    expect(result.exitCode).toBe(0)
    expect(result.outputs.count).toBe('1')
    const warnings = result.annotations.filter(a => a.level === 'warning')
    expect(warnings.map(a => a.message).join('\n')).toMatch(
      /DescribePurgeQuota/
    )
  })
})

it.each([-5, 0.5, 1e9])(
  'API 2.0 data.count %p is not taken at its word',
  async count => {
    emu.fault({
      body: JSON.stringify({
        code: 0,
        message: '',
        codeDesc: 'Success',
        data: { count }
      }),
      contentType: 'application/json'
    })
    const result = await run({
      endpoint: emu.v2Endpoint,
      retries: '0',
      dirs: 'https://www.example.com/a/\nhttps://www.example.com/b/'
    })
    const n = Number(result.outputs.count)
    expect(n).toBeGreaterThanOrEqual(0)
    expect(n).toBeLessThanOrEqual(2)
    expect(Number.isInteger(n)).toBe(true)
  }
)

it('an endpoint with a newline is refused before any request', async () => {
  const result = await run({
    endpoint: `${emu.v2Endpoint}\n::error::pwned-ep`,
    dirs: 'https://www.example.com/a/'
  })
  expect(result.exitCode).toBe(1)
  expect(emu.requests).toHaveLength(0)
  expect(forged(result)).toEqual([])
  const errors = result.annotations.filter(a => a.level === 'error')
  expect(errors.map(e => e.message)).toEqual([
    expect.stringMatching(
      /^Input 'endpoint' must not contain control characters/
    )
  ])
})
