// Which changed files count for the site: root, include, exclude; and the
// directory listing the planner costs parents with.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../src/errors'
import {
  compileGlobs,
  listSiteDirs,
  selectSiteFiles
} from '../src/changes/select'
import { memoryLog } from './helpers/git-context'

const none = { root: '', include: [], exclude: [] }

describe('selectSiteFiles', () => {
  it('maps files under a monorepo root and ignores the rest with a debug line (F45)', () => {
    const log = memoryLog()
    const result = selectSiteFiles(
      [
        'apps/site/public/docs/a.html',
        'apps/api/main.go',
        'apps/site/README.md'
      ],
      { ...none, root: 'apps/site/public' },
      log
    )
    expect(result.counted).toEqual([
      { path: 'apps/site/public/docs/a.html', rel: 'docs/a.html' }
    ])
    expect(result.ignored).toEqual([
      { path: 'apps/api/main.go', why: "outside root 'apps/site/public'" },
      { path: 'apps/site/README.md', why: "outside root 'apps/site/public'" }
    ])
    expect(log.debugs).toEqual([
      "Ignoring apps/api/main.go: outside root 'apps/site/public'",
      "Ignoring apps/site/README.md: outside root 'apps/site/public'"
    ])
  })

  it('treats root by whole segments', () => {
    const result = selectSiteFiles(
      ['public/x.html', 'publications/x.html', 'public', 'public-old/y.html'],
      { ...none, root: 'public' }
    )
    expect(result.counted).toEqual([{ path: 'public/x.html', rel: 'x.html' }])
    expect(result.ignored.map(i => i.path)).toEqual([
      'publications/x.html',
      'public',
      'public-old/y.html'
    ])
  })

  it('keeps every path with root at the repository top', () => {
    const files = ['index.html', 'docs/My Guide/intro.html', 'docs/中文/a.html']
    const result = selectSiteFiles(files, none)
    expect(result.counted).toEqual(files.map(path => ({ path, rel: path })))
  })

  it('applies include to rel, exclude winning, dot-files included (F30)', () => {
    const result = selectSiteFiles(
      [
        'site/index.html',
        'site/a/b/c.css',
        'site/app.js',
        'site/.well-known/security.html',
        'site/drafts/wip.html',
        'site/site/x.html'
      ],
      { root: 'site', include: ['**/*.{html,css}'], exclude: ['drafts/**'] }
    )
    expect(result.counted.map(f => f.rel)).toEqual([
      'index.html',
      'a/b/c.css',
      '.well-known/security.html',
      'site/x.html'
    ])
    expect(result.ignored).toEqual([
      { path: 'site/app.js', why: 'matches no include pattern' },
      {
        path: 'site/drafts/wip.html',
        why: "matches exclude pattern 'drafts/**'"
      }
    ])
  })

  it('rejects a bad pattern in either input', () => {
    expect(() =>
      selectSiteFiles(['a'], { ...none, include: ['[abc'] })
    ).toThrow(InputError)
    expect(() => selectSiteFiles(['a'], { ...none, exclude: ['x{'] })).toThrow(
      /Input 'exclude'/
    )
  })
})

describe('compileGlobs', () => {
  it.each([
    ['**/*.{html,css}', 'index.html', true],
    ['**/*.{html,css}', 'a/b/c.css', true],
    ['**/*.{html,css}', 'a/b/c.js', false],
    ['*.html', 'a/b.html', false],
    ['*.html', '.hidden.html', true],
    ['docs/**', 'docs/a/b/c.txt', true],
    ['docs/**', 'docsx/a', false],
    ['docs/**/*.html', 'docs/a.html', true],
    ['page-{1..3}.html', 'page-2.html', true],
    ['page-{1..3}.html', 'page-4.html', false],
    ['[ab].html', 'b.html', true],
    ['[[:digit:]].html', '7.html', true],
    ['@(en|fr)/**', 'fr/x.html', true],
    ['!(drafts)/*.html', 'blog/x.html', true],
    ['!(drafts)/*.html', 'drafts/x.html', false],
    ['My Guide/*', 'My Guide/intro.html', true],
    ['中文/*.html', '中文/a.html', true],
    ['\\[literal\\].html', '[literal].html', true],
    ['A.html', 'a.html', false]
  ])('%s matches %s: %s', (pattern, rel, expected) => {
    expect(compileGlobs('include', [pattern])(rel)).toBe(expected)
  })

  it('matches when any pattern does, and nothing for an empty list', () => {
    const match = compileGlobs('exclude', ['*.map', 'tmp/**'])
    expect([match('a.map'), match('tmp/x'), match('a.js')]).toEqual([
      true,
      true,
      false
    ])
    expect(compileGlobs('include', [])('anything')).toBe(false)
  })

  it.each([
    ['', 'it is empty'],
    ['/docs/*', "it starts with '/'"],
    ['docs/', "it ends with '/' (write 'docs/**'"],
    ['a//b', 'empty segment'],
    ['../x/*', "'.' or '..' segment"],
    ['a/../b', "'.' or '..' segment"],
    ['./a', "'.' or '..' segment"],
    ['!drafts/**', "starts with '!'"],
    ['[abc', "'[' without its ']'"],
    ['a]', "']' without its '['"],
    ['*.{html,css', "'{' without its closing pair"],
    ['*.html}', "'}' without its '{'"],
    ['@(a|b', "'(' without its closing pair"],
    ['{}', 'empty alternative'],
    ['*.{html,}', 'empty alternative'],
    ['*.{,html}', 'empty alternative'],
    ['*.{html}', 'single alternative'],
    ['a\\', 'lone \\']
  ])('refuses %j (%s)', (pattern, problem) => {
    let error: unknown
    try {
      compileGlobs('include', [pattern])
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(InputError)
    const message = (error as Error).message
    expect(message).toContain(
      `Input 'include' has an invalid glob '${pattern}'`
    )
    expect(message).toContain(problem)
  })

  it('accepts escaped and nested groups', () => {
    expect(compileGlobs('include', ['a\\{b.html'])('a{b.html')).toBe(true)
    expect(compileGlobs('include', ['{a,b{1,2}}/*'])('b2/x')).toBe(true)
    expect(compileGlobs('include', ['[]]x'])(']x')).toBe(true)
  })
})

describe('listSiteDirs', () => {
  let work: string
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'changes-dirs-'))
    for (const dir of [
      '.git/objects',
      'site/a/b',
      'site/c',
      'site/.well-known',
      'site/My Dir',
      'other'
    ]) {
      await mkdir(join(work, dir), { recursive: true })
    }
    await writeFile(join(work, 'site/a/file.html'), 'x')
    await mkdir(join(work, 'site/c/.git'), { recursive: true })
    // A link back up would loop forever if followed.
    await symlink(join(work, 'site'), join(work, 'site/c/loop'))
  })
  afterAll(async () => {
    await rm(work, { recursive: true, force: true })
  })

  it('lists every directory under root, relative to it, skipping .git and links', async () => {
    expect(await listSiteDirs(work, 'site')).toEqual([
      '',
      '.well-known',
      'My Dir',
      'a',
      'a/b',
      'c'
    ])
  })

  it('lists from the repository top when root is empty', async () => {
    expect(await listSiteDirs(work, '')).toEqual([
      '',
      'other',
      'site',
      'site/.well-known',
      'site/My Dir',
      'site/a',
      'site/a/b',
      'site/c'
    ])
  })

  it('is null when root is missing or a file', async () => {
    expect(await listSiteDirs(work, 'nope')).toBeNull()
    expect(await listSiteDirs(work, 'site/a/file.html')).toBeNull()
    expect(await listSiteDirs('', 'site')).toBeNull()
  })

  it('is null past the limit, and complete at it', async () => {
    expect(await listSiteDirs(work, 'site', 5)).toBeNull()
    expect(await listSiteDirs(work, 'site', 6)).toHaveLength(6)
  })
})
