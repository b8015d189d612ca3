import { InputError } from '../src/errors'
import {
  dirOf,
  expandTemplate,
  isTemplate,
  normaliseDir,
  parseTemplate
} from '../src/plan'

/** The URL a changed file gives through a template, as it is sent. */
function urlFor(template: string, rel: string): string {
  return normaliseDir(expandTemplate(template, dirOf(rel)))
}

describe('isTemplate', () => {
  it.each([
    ['https://h/{dir}/', true],
    ['https://h/dir}/', true],
    ['https://h/{dir/', true],
    ['https://h/dir/', false],
    ['https://h/%7Bdir%7D/', false]
  ])('%s → %s', (entry, expected) => {
    expect(isTemplate(entry)).toBe(expected)
  })
})

describe('parseTemplate refuses anything but {dir} and {dir:N} in the path', () => {
  it.each([
    'https://h/{dir',
    'https://h/dir}/',
    'https://h/{dir:}/',
    'https://h/{dir:-1}/',
    'https://h/{dir:x}/',
    'https://h/{dir:1.5}/',
    'https://h/{dir:100}/',
    'https://h/{{dir}}/',
    'https://h/{DIR}/',
    'https://h/{Dir}/',
    'https://h/{ dir }/',
    'https://h/{file}/',
    'https://h/{}/',
    'https://h/{dir}/{',
    'https://h/}{dir}/',
    'https://h/{dir}{dir:}/'
  ])('%s', entry => {
    expect(() => parseTemplate(entry)).toThrow(InputError)
    expect(() => parseTemplate(entry)).toThrow(
      `Input 'dirs' takes only the placeholders {dir} and {dir:N} (N a whole number from 0 to 99), got '${entry}'.`
    )
  })

  it.each([
    'https://{dir}.example.com/',
    'https://h{dir}/',
    'https://h:{dir:1}/',
    '{dir}/a/',
    'https:{dir}',
    'https://{dir}'
  ])('placeholder outside the path: %s', entry => {
    expect(() => parseTemplate(entry)).toThrow(
      `Input 'dirs' may use placeholders only in the path, after 'scheme://host/', got '${entry}'.`
    )
  })

  it('does not echo user-info, even around a misplaced placeholder', () => {
    expect(() => parseTemplate('https://user{dir}@h/')).toThrow(
      "Input 'dirs' may use placeholders only in the path, after 'scheme://host/', got 'https://***@h/'."
    )
  })

  it.each([
    'https://h/{dir}/',
    'https://h/{dir:0}/',
    'https://h/{dir:7}/',
    'https://h/{dir:99}/',
    'https://h/a/{dir}/b/{dir:2}'
  ])('accepts %s', entry => {
    expect(parseTemplate(entry).source).toBe(entry)
  })
})

describe('dirOf: a file’s directory under the site root', () => {
  it.each([
    ['docs/a.html', 'docs'],
    ['docs/api/v2/x.json', 'docs/api/v2'],
    ['index.html', ''],
    ['docs/My Guide/intro.html', 'docs/My Guide']
  ])('%s → %j', (rel, expected) => {
    expect(dirOf(rel)).toBe(expected)
  })
})

describe('expandTemplate', () => {
  it.each([
    // An empty value never leaves a double slash.
    ['https://h/{dir}/', '', 'https://h/'],
    ['https://h/x/{dir}/y/', '', 'https://h/x/y/'],
    ['https://h/{dir}', '', 'https://h/'],
    ['https://h/{dir}/{dir:1}/', '', 'https://h/'],
    ['https://h/{dir:0}/', 'docs', 'https://h/'],
    ['https://h/pre-{dir}/', '', 'https://h/pre-/'],
    // Values.
    ['https://h/{dir}/', 'docs/api', 'https://h/docs/api/'],
    ['https://h/{dir:1}/', 'docs/api/v2', 'https://h/docs/'],
    ['https://h/{dir:2}/', 'docs/api/v2', 'https://h/docs/api/'],
    ['https://h/{dir:2}/', 'docs', 'https://h/docs/'],
    ['https://h/{dir:99}/', 'a/b', 'https://h/a/b/'],
    ['https://h/v/{dir:1}/x/{dir}/', 'a/b', 'https://h/v/a/x/a/b/'],
    ['https://cdn.h/site/{dir}/', 'blog', 'https://cdn.h/site/blog/'],
    ['https://h/a{dir}b/', 'x/y', 'https://h/ax/yb/'],
    // File names are literal text: %, #, ? and \ are escaped.
    [
      'https://h/{dir}/',
      '50%/a#b/c?d/e\\f',
      'https://h/50%25/a%23b/c%3Fd/e%5Cf/'
    ],
    // A folder literally called '%20' is not a space.
    ['https://h/{dir}/', '%20', 'https://h/%2520/'],
    // Spaces and non-ASCII are left for normaliseDir.
    ['https://h/{dir}/', 'My Guide', 'https://h/My Guide/']
  ])('%s with %j → %s', (template, relDir, expected) => {
    expect(expandTemplate(template, relDir)).toBe(expected)
  })

  it('keeps escaped file names literal through normaliseDir', () => {
    const raw = expandTemplate('https://h/{dir}/', '50%/a#b/c?d/%2e%2e')
    expect(normaliseDir(raw)).toBe('https://h/50%25/a%23b/c%3Fd/%252e%252e/')
  })

  it('F45: a root-relative file maps to its directory', () => {
    expect(urlFor('https://h/{dir}/', 'docs/a.html')).toBe('https://h/docs/')
    expect(urlFor('https://h/{dir}/', 'index.html')).toBe('https://h/')
  })

  it('F24: spaces are encoded once, as one dir', () => {
    expect(urlFor('https://h/{dir}/', 'docs/My Guide/intro.html')).toBe(
      'https://h/docs/My%20Guide/'
    )
  })

  it('F25: non-ASCII names are encoded once, in UTF-8', () => {
    expect(urlFor('https://h/{dir}/', 'docs/中文/a.html')).toBe(
      'https://h/docs/%E4%B8%AD%E6%96%87/'
    )
  })

  it('shell syntax in a folder name stays text', () => {
    expect(urlFor('https://h/{dir}/', '$(rm -rf ~)/a.html')).toBe(
      'https://h/$(rm%20-rf%20~)/'
    )
  })

  it('F2/F39: a folder named with * cannot be refreshed, and says so', () => {
    expect(() => urlFor('https://h/{dir}/', 'a*b/x.html')).toThrow(/wildcard/)
  })
})
