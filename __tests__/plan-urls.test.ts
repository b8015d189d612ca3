import { InputError } from '../src/errors'
import { MAX_URL_LENGTH, normaliseDir } from '../src/plan'

/** The InputError a call throws, or a failure if it does not throw one. */
function errorOf(call: () => unknown): InputError {
  try {
    call()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error('expected an InputError')
}

describe('normaliseDir: good URLs, as a browser sends them', () => {
  it.each([
    // F38: encoded once, existing escapes kept.
    ['https://h/a b/', 'https://h/a%20b/'],
    ['https://h/already%20enc/', 'https://h/already%20enc/'],
    // F1: a space inside one entry is part of that URL.
    ['https://h/a/ https://h/b/', 'https://h/a/%20https://h/b/'],
    // A trailing slash is added; the root is '/'.
    ['https://h', 'https://h/'],
    ['https://h/a', 'https://h/a/'],
    ['https://h/a/b', 'https://h/a/b/'],
    // Host lower-cased, path case kept.
    ['HTTPS://EXAMPLE.COM/Docs/', 'https://example.com/Docs/'],
    // Default ports dropped, others kept.
    ['https://example.com:443/a/', 'https://example.com/a/'],
    ['http://example.com:80/a/', 'http://example.com/a/'],
    ['https://example.com:8443/a/', 'https://example.com:8443/a/'],
    ['http://example.com:443/a/', 'http://example.com:443/a/'],
    // IDN host to punycode (the IANA test name 例子.测试).
    ['https://例子.测试/a/', 'https://xn--fsqu00a.xn--0zwm56d/a/'],
    // Non-ASCII path in UTF-8: 中 E4 B8 AD, 文 E6 96 87, é C3 A9.
    ['https://h/中文/', 'https://h/%E4%B8%AD%E6%96%87/'],
    ['https://h/café/', 'https://h/caf%C3%A9/'],
    // A '%' that starts no escape is a percent sign.
    ['https://h/50%/', 'https://h/50%25/'],
    ['https://h/a%zz/%/', 'https://h/a%25zz/%25/'],
    // Escapes kept exactly as written, in either case.
    ['https://h/a%2fb/', 'https://h/a%2fb/'],
    ['https://h/a%2Fb/', 'https://h/a%2Fb/'],
    // A user's own %2A is an escape, not a wildcard.
    ['https://h/%2A/', 'https://h/%2A/'],
    // Quotes and angle brackets are percent-encoded by the parser.
    ['https://h/a"b<c>/', 'https://h/a%22b%3Cc%3E/'],
    ['https://h/{x}`/', 'https://h/%7Bx%7D%60/'],
    // Shell syntax is only text: nothing runs it.
    ['https://h/$(rm -rf /)/', 'https://h/$(rm%20-rf%20/)/'],
    ["https://h/it's;|&/", "https://h/it's;|&/"],
    // Names with dots that are not '.' or '..'.
    ['https://h/.well-known/', 'https://h/.well-known/'],
    ['https://h/.../a.b/', 'https://h/.../a.b/'],
    // A folder name may end in a space; the parser would strip it.
    ['https://h/a ', 'https://h/a%20/'],
    // An empty segment is the user's own; kept.
    ['https://h/a//b/', 'https://h/a//b/'],
    ['https://[::1]:8080/a/', 'https://[::1]:8080/a/'],
    ['http://192.168.0.1/a/', 'http://192.168.0.1/a/']
  ])('%s → %s', (raw, expected) => {
    expect(normaliseDir(raw)).toBe(expected)
  })

  it('is idempotent', () => {
    for (const raw of [
      'https://h/a b/',
      'https://例子.测试/中/',
      'https://h/5%/'
    ]) {
      const once = normaliseDir(raw)
      expect(normaliseDir(once)).toBe(once)
    }
  })

  it(`takes ${MAX_URL_LENGTH} characters and no more, counted once encoded`, () => {
    const prefix = 'https://h/'
    const fits = `${prefix}${'a'.repeat(MAX_URL_LENGTH - prefix.length - 1)}/`
    expect(fits).toHaveLength(2048)
    expect(normaliseDir(fits)).toBe(fits)
    expect(() => normaliseDir(`${fits}b/`)).toThrow(InputError)
    // 700 spaces are 2100 characters once encoded.
    expect(() => normaliseDir(`${prefix}${' '.repeat(700)}/`)).toThrow(/2048/)
  })
})

describe('normaliseDir: hostile values are refused', () => {
  const CONTROL = /control characters/
  const DOTS = /'\.' or '\.\.'/
  const USER = /user name or password/
  const QUERY = /query/
  const FRAGMENT = /fragment/
  const WILDCARD = /wildcard/
  const SCHEME = /http:\/\/ or https:\/\//
  const BACKSLASH = /backslash/

  it.each([
    ['https://h/a\tb/', CONTROL],
    ['https://h/a\nb/', CONTROL],
    ['https://h/a/\r\n', CONTROL],
    ['https://h/\u0000/', CONTROL],
    ['https://h/\u007f/', CONTROL],
    ['https://h/\u001b[31m/', CONTROL],
    ['\u0000\u00ff\u00fe\u0001garbage', CONTROL],
    ['\thttps://h/a/', CONTROL],
    ['https://h/\ud800/', /Unicode/],
    ['https://h/a/../b/', DOTS],
    ['https://h/../', DOTS],
    ['https://h/a/./', DOTS],
    ['https://h/a/.', DOTS],
    ['https://h/a/%2e%2e/b/', DOTS],
    ['https://h/a/%2E./', DOTS],
    ['https://h/a/.%2e/', DOTS],
    ['https://h/%2e/', DOTS],
    ['https://user:pw@h/a/', USER],
    ['https://user@h/a/', USER],
    ['https://@h/a/', USER],
    ['https://h/a/?', QUERY],
    ['https://h/a/?x=1', QUERY],
    ['https://h/a/#', FRAGMENT],
    ['https://h/a/#top', FRAGMENT],
    ['https://h/*', WILDCARD],
    ['https://h/assets/*.js', WILDCARD],
    ['https://*.h.com/a/', WILDCARD],
    ['ftp://h/a/', SCHEME],
    ['javascript:alert(1)', SCHEME],
    ['file:///etc/passwd', SCHEME],
    ['data:text/html,<script>alert(1)</script>', SCHEME],
    ['mailto:a@b.c', SCHEME],
    ['$(rm -rf /)', SCHEME],
    ['//h/a/', SCHEME],
    ['h/a/', SCHEME],
    ['https:h/a/', SCHEME],
    ['https:///h/a/', SCHEME],
    [' https://h/a/', SCHEME],
    ['https://', SCHEME],
    ['https://h:99999/', SCHEME],
    ['https://exa mple.com/', SCHEME],
    ['https://h:80:80/', SCHEME],
    ['https://h\\a\\', BACKSLASH],
    ['https://h/a\\b/', BACKSLASH],
    [`https://h/${'a'.repeat(5000)}/`, /2048/]
  ])('%j', (raw, allowed) => {
    const error = errorOf(() => normaliseDir(raw))
    expect(error.message).toMatch(/^Input 'dirs' /)
    expect(error.message).toMatch(allowed)
    // The value is quoted (control characters shown escaped, long ones cut).
    const shown = raw.slice(0, 120).replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u001f\u007f]/g,
      c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
    )
    // A user name or password is never echoed back (it is not a secret the
    // runner knows to mask).
    const expected = USER.test(error.message)
      ? shown.replace(/\/\/[^/]*@/, '//***@')
      : shown
    expect(error.message).toContain(`got '${expected}`)
    expect(error.message).not.toMatch(/[\r\n]/)
    if (USER.test(error.message)) expect(error.message).not.toMatch(/pw@|user@/)
  })
})
