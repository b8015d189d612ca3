// run() in-process, with the runner faked and the API emulated.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator, type Emulator } from '../emulator/index.mjs'
import { run } from '../src/main'
import { defaultDeps } from '../src/submit'
import { FakeCore } from './helpers/fake-core'

const ID = 'AKIDmainTestSecretId00000000000000'
const KEY = 'mainTestSecretKey000000000000000'

let emu: Emulator
let dir: string

beforeEach(async () => {
  emu = await startEmulator({
    credentials: { [ID]: KEY },
    overseasDomains: ['www.example.com']
  })
  dir = mkdtempSync(join(tmpdir(), 'main-test-'))
})

afterEach(async () => {
  await emu.close()
  rmSync(dir, { recursive: true, force: true })
})

async function runWith(
  inputs: Record<string, string>,
  event: { name?: string; payload?: unknown } = {}
): Promise<FakeCore> {
  const core = new FakeCore({
    'secret-id': ID,
    'secret-key': KEY,
    endpoint: emu.v2Endpoint,
    ...inputs
  })
  const eventPath = join(dir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(event.payload ?? {}))
  const submit = { ...defaultDeps(core), sleep: async () => {} }
  await run({
    core,
    env: {
      GITHUB_EVENT_NAME: event.name ?? 'push',
      GITHUB_EVENT_PATH: eventPath
    },
    submit
  })
  return core
}

describe('run()', () => {
  it('masks every credential before any other runner call', async () => {
    const core = await runWith({
      dirs: 'https://www.example.com/a/',
      'session-token': 'tok-123',
      'github-token': 'ghs_456'
    })
    const firstOther = core.calls.findIndex(
      c => c.call !== 'getInput' && c.call !== 'setSecret'
    )
    const secrets = core.calls
      .slice(0, firstOther)
      .filter(c => c.call === 'setSecret')
    expect(secrets.map(c => c.args[0]).sort()).toEqual(
      [ID, KEY, 'ghs_456', 'tok-123'].sort()
    )
  })

  it('refreshes, sets every output once and writes a summary; no failure', async () => {
    const core = await runWith({
      dirs: 'https://www.example.com/a/\nhttps://www.example.com/b/'
    })
    expect(core.messages('setFailed')).toEqual([])
    expect(core.outputs).toEqual({
      count: '2',
      'planned-dirs': JSON.stringify([
        'https://www.example.com/a/',
        'https://www.example.com/b/'
      ]),
      'refreshed-dirs': JSON.stringify([
        'https://www.example.com/a/',
        'https://www.example.com/b/'
      ]),
      'failed-dirs': '[]',
      requests: '1',
      'task-ids': '[]'
    })
    expect(core.calls.filter(c => c.call === 'setOutput')).toHaveLength(6)
    expect(core.summary).toContain('2 of 2 directories refreshed')
    expect(core.messages('info')).toContain(
      'Refreshing 2 directories in 1 request:'
    )
  })

  it('fails once, with outputs set, on bad input — and sends nothing', async () => {
    const core = await runWith({
      dirs: 'https://www.example.com/a/',
      retries: '-1'
    })
    expect(core.messages('setFailed')).toEqual([
      "Input 'retries' must be a whole number from 0 to 10, got '-1'."
    ])
    expect(core.outputs.count).toBe('0')
    expect(emu.requests).toHaveLength(0)
  })

  it('turns failures into warnings when fail-on-error is false', async () => {
    const core = await runWith({
      dirs: 'https://www.example.com/a/\nhttps://nope.example.org/',
      'fail-on-error': 'false'
    })
    expect(core.messages('setFailed')).toEqual([])
    expect(core.messages('error')).toEqual([])
    expect(core.messages('warning').join('\n')).toMatch(/9110/)
    expect(core.outputs.count).toBe('1')
  })

  it('sends nothing for a push that deleted a branch', async () => {
    const core = await runWith(
      { dirs: 'https://www.example.com/a/' },
      { payload: { after: '0'.repeat(40), deleted: true } }
    )
    expect(emu.requests).toHaveLength(0)
    expect(core.messages('notice')).toEqual([
      'The push deleted a branch: nothing to refresh.'
    ])
    expect(core.messages('setFailed')).toEqual([])
    expect(core.outputs.count).toBe('0')
  })

  it('says so when filters are set but every line is literal', async () => {
    const core = await runWith({
      dirs: 'https://www.example.com/a/',
      root: 'public'
    })
    expect(core.messages('warning')).toEqual([
      "'root' applies only to template lines of 'dirs' (with {dir}), and every line is a literal URL: it was not used."
    ])
  })

  it('gives a visible notice, not a silent success, when templates yield nothing (F3)', async () => {
    const core = await runWith(
      {
        dirs: 'https://www.example.com/{dir}/',
        files: 'README.md',
        root: 'public'
      },
      { name: 'workflow_dispatch', payload: { inputs: {} } }
    )
    expect(emu.requests).toHaveLength(0)
    expect(core.messages('notice')[0]).toMatch(/^Nothing to refresh/)
    expect(core.outputs.count).toBe('0')
    expect(core.messages('setFailed')).toEqual([])
  })
})

describe('run() and API 3.0 options under 2.0', () => {
  it('warns that area and flush-type do nothing under API 2.0', async () => {
    const core = await runWith({
      dirs: 'https://www.example.com/a/',
      area: 'mainland'
    })
    expect(core.messages('warning')).toEqual([
      "'area' and 'flush-type' apply to api-version 3.0 only; API 2.0 RefreshCdnOverSeaDir always expires overseas directories, so they were not used."
    ])
    expect(core.outputs.count).toBe('1')
  })
})

describe('run() and two URLs on one line (F1)', () => {
  it('keeps the space as part of one URL, and warns that it did', async () => {
    const core = await runWith({
      dirs: 'https://www.example.com/a/ https://www.example.com/b/'
    })
    expect(JSON.parse(core.outputs['planned-dirs'])).toEqual([
      'https://www.example.com/a/%20https://www.example.com/b/'
    ])
    expect(core.messages('warning')).toEqual([
      "Input 'dirs' has an entry with a space before another URL, which is read as one directory: 'https://www.example.com/a/ https://www.example.com/b/'. Separate directories with new lines or commas."
    ])
  })
})
