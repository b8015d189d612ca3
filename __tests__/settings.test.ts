import { InputError } from '../src/errors'
import {
  readCredentials,
  readSettings,
  describeSettings,
  V2_ENDPOINT,
  V3_ENDPOINT
} from '../src/settings'

const BASE: Record<string, string> = {
  dirs: 'https://www.example.com/a/',
  'secret-id': 'AKIDexample',
  'secret-key': 'secretKeyValue'
}

function read(
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv = {}
): ReturnType<typeof readSettings> {
  const all = { ...BASE, ...inputs }
  return readSettings(name => all[name] ?? '', env)
}

function errorOf(inputs: Record<string, string>): string {
  try {
    read(inputs)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as Error).message
  }
  throw new Error('expected an InputError')
}

describe('dirs', () => {
  it('splits on newlines and commas, trims, drops blanks; CRLF is fine', () => {
    const s = read({
      dirs: ' https://h/a/ ,https://h/b/\r\n\r\n  https://h/c/ \n,,'
    })
    expect(s.dirs).toEqual(['https://h/a/', 'https://h/b/', 'https://h/c/'])
  })

  it('keeps a space inside one entry (F1: spaces do not separate)', () => {
    expect(read({ dirs: 'https://h/a/ https://h/b/' }).dirs).toEqual([
      'https://h/a/ https://h/b/'
    ])
  })

  it.each(['', '  ', '\n,\n', ','])('refuses empty dirs %j (F3)', dirs => {
    expect(errorOf({ dirs })).toMatch(/^Input 'dirs' is required/)
  })
})

describe('numbers are whole numbers in range, never parsed loosely', () => {
  it.each([
    ['batch-size', '20x', /whole number from 1 to 20, got '20x'/],
    ['batch-size', '0', /from 1 to 20, got '0'/],
    ['batch-size', '-1', /got '-1'/],
    ['batch-size', '21', /got '21'/],
    ['batch-size', '1e1', /got '1e1'/],
    ['batch-size', '2.5', /got '2.5'/],
    ['batch-size', '0x10', /got '0x10'/],
    [
      'daily-limit',
      '0',
      /'daily-limit' must be a whole number from 1 to 10000/
    ],
    ['daily-limit', '99999999999999999999', /'daily-limit'/],
    ['retries', '11', /'retries' must be a whole number from 0 to 10/],
    ['retries', 'three', /got 'three'/],
    ['timeout', '0', /'timeout' must be a number of seconds from 0.1 to 300/],
    ['timeout', '301', /'timeout'/],
    ['timeout', 'NaN', /got 'NaN'/],
    ['timeout', 'Infinity', /got 'Infinity'/]
  ])('%s: %j', (input, value, message) => {
    expect(errorOf({ [input]: value })).toMatch(message)
  })

  it('reads good values', () => {
    const s = read({
      'batch-size': ' 5 ',
      'daily-limit': '40',
      retries: '0',
      timeout: '1.5'
    })
    expect(s).toMatchObject({
      batchSize: 5,
      dailyLimit: 40,
      retries: 0,
      timeoutMs: 1500
    })
  })

  it('allows batches above 20 only for API 3.0', () => {
    expect(errorOf({ 'batch-size': '50' })).toMatch(/from 1 to 20/)
    expect(read({ 'api-version': '3.0', 'batch-size': '50' }).batchSize).toBe(
      50
    )
    expect(errorOf({ 'api-version': '3.0', 'batch-size': '501' })).toMatch(
      /from 1 to 500/
    )
  })
})

describe('enums and booleans', () => {
  it.each([
    ['api-version', '4', /'api-version' must be '2.0' or '3.0', got '4'/],
    [
      'signature-method',
      'MD5',
      /'signature-method' must be 'HmacSHA256' or 'HmacSHA1'/
    ],
    [
      'over-limit',
      'merge',
      /'over-limit' must be 'widen' or 'fail', got 'merge'/
    ],
    ['area', 'global', /'area' must be 'overseas' or 'mainland'/],
    ['flush-type', 'purge', /'flush-type' must be 'flush' or 'delete'/],
    ['dry-run', 'yes', /'dry-run' must be 'true' or 'false', got 'yes'/],
    ['fail-on-error', '1', /'fail-on-error' must be 'true' or 'false'/]
  ])('%s: %j', (input, value, message) => {
    expect(errorOf({ [input]: value })).toMatch(message)
  })

  it("accepts YAML's number forms of the API version", () => {
    expect(read({ 'api-version': '3' }).apiVersion).toBe('3.0')
    expect(read({ 'api-version': '2' }).apiVersion).toBe('2.0')
  })

  it('canonicalises case', () => {
    expect(read({ 'signature-method': 'hmacsha1' }).signatureMethod).toBe(
      'HmacSHA1'
    )
    expect(read({ 'dry-run': 'True' }).dryRun).toBe(true)
  })
})

describe('endpoint', () => {
  it('defaults per API version; the 2.0 default means the 3.0 default under 3.0', () => {
    expect(read({}).endpoint).toBe(V2_ENDPOINT)
    expect(read({ 'api-version': '3.0' }).endpoint).toBe(V3_ENDPOINT)
    expect(read({ 'api-version': '3.0', endpoint: V2_ENDPOINT }).endpoint).toBe(
      V3_ENDPOINT
    )
    expect(
      read({ endpoint: 'http://127.0.0.1:8080/v2/index.php' }).endpoint
    ).toBe('http://127.0.0.1:8080/v2/index.php')
  })

  it.each([
    'cdn.api.qcloud.com',
    'ftp://cdn.api.qcloud.com/',
    'https://user:pw@cdn.api.qcloud.com/',
    'https://cdn.api.qcloud.com/?x=1',
    'https://cdn.api.qcloud.com/#f'
  ])('refuses %j', endpoint => {
    expect(errorOf({ endpoint })).toMatch(/^Input 'endpoint' must be an http/)
  })
})

describe('paths: root and files', () => {
  it('normalises root', () => {
    expect(read({ root: './apps/site/public/' }).root).toBe('apps/site/public')
    expect(read({ root: '/public' }).root).toBe('public')
    expect(read({ root: '' }).root).toBe('')
  })

  it.each(['../secrets', 'public/../../x', 'a\\b', 'pub\u0000lic'])(
    'refuses root %j',
    root => {
      expect(errorOf({ root })).toMatch(/^Input 'root' must/)
    }
  )

  it('reads files one per line, keeping commas and spaces in names', () => {
    expect(
      read({ files: 'docs/My Guide/a,b.html\n./x.html\n\nx.html' }).files
    ).toEqual(['docs/My Guide/a,b.html', 'x.html'])
    expect(read({}).files).toBeNull()
  })

  it('refuses files escaping the repository', () => {
    expect(errorOf({ files: 'ok.html\n../../etc/passwd' })).toMatch(
      /^Input 'files' must stay inside the repository/
    )
  })
})

describe('credentials', () => {
  it('falls back to the environment', () => {
    const env = {
      TENCENTCLOUD_SECRET_ID: 'idFromEnv',
      TENCENTCLOUD_SECRET_KEY: 'keyFromEnv',
      TENCENTCLOUD_SESSION_TOKEN: 'tokenFromEnv'
    }
    expect(readCredentials(() => '', env)).toEqual({
      secretId: 'idFromEnv',
      secretKey: 'keyFromEnv',
      sessionToken: 'tokenFromEnv'
    })
  })

  it('requires them unless dry-run, and never quotes them', () => {
    expect(errorOf({ 'secret-key': '' })).toMatch(
      /^Input 'secret-key' is required/
    )
    expect(
      read({ 'secret-key': '', 'secret-id': '', 'dry-run': 'true' }).dryRun
    ).toBe(true)
    const message = errorOf({ 'secret-key': 'bad key with spaces' })
    expect(message).toMatch(/^Input 'secret-key' must be printable ASCII/)
    expect(message).not.toContain('bad key')
  })

  it('keeps secrets out of the debug description', () => {
    const s = read({ 'session-token': 'tok123', 'github-token': 'ghs_abc' })
    const text = describeSettings(s).join('\n')
    for (const secret of [
      'AKIDexample',
      'secretKeyValue',
      'tok123',
      'ghs_abc'
    ]) {
      expect(text).not.toContain(secret)
    }
    expect(text).toContain('session-token set')
  })
})

describe('globs', () => {
  it('checks include and exclude patterns up front, naming the input', () => {
    expect(read({ include: '**/*.{html,css}\ndocs/**' }).include).toEqual([
      '**/*.{html,css}',
      'docs/**'
    ])
    expect(errorOf({ include: 'docs/[abc' })).toMatch(
      /^Input 'include'.*'docs\/\[abc'/
    )
    expect(errorOf({ exclude: '../secret/**' })).toMatch(/^Input 'exclude'/)
  })
})
