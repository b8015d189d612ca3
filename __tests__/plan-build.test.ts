import { InputError } from '../src/errors'
import { buildPlan, type PlanInput } from '../src/plan'

function input(overrides: Partial<PlanInput>): PlanInput {
  return {
    entries: [],
    templates: { kind: 'skip' },
    knownDirs: null,
    dailyLimit: 100,
    overLimit: 'widen',
    batchSize: 20,
    ...overrides
  }
}

/** Changed files given as repository paths under a site root. */
function files(root: string, paths: string[]): PlanInput['templates'] {
  return {
    kind: 'files',
    files: paths.map(path => ({ path, rel: path.slice(root.length + 1) }))
  }
}

describe('buildPlan with literal entries', () => {
  it('normalises, dedupes, sorts and batches them', () => {
    const plan = buildPlan(
      input({
        entries: ['https://H/b', 'https://h/a b/', 'https://h:443/b/'],
        batchSize: 1
      })
    )
    expect(plan.dirs).toEqual([
      { url: 'https://h/a%20b/', files: [], literal: true },
      { url: 'https://h/b/', files: [], literal: true }
    ])
    expect(plan.batches).toEqual([['https://h/a%20b/'], ['https://h/b/']])
    expect(plan.nested).toEqual([])
    expect(plan.widened).toEqual([])
  })

  it('F1: a space inside an entry is part of that URL', () => {
    const plan = buildPlan(input({ entries: ['https://h/a/ https://h/b/'] }))
    expect(plan.dirs.map(d => d.url)).toEqual(['https://h/a/%20https://h/b/'])
  })

  it('reports nested dirs', () => {
    const plan = buildPlan(
      input({ entries: ['https://h/docs/api/', 'https://h/docs/'] })
    )
    expect(plan.dirs.map(d => d.url)).toEqual(['https://h/docs/'])
    expect(plan.nested).toEqual([
      { dir: 'https://h/docs/api/', coveredBy: 'https://h/docs/' }
    ])
  })

  it('F3: a template with no changed files gives an empty plan', () => {
    const plan = buildPlan(
      input({ entries: ['https://h/{dir}/'], templates: files('', []) })
    )
    expect(plan.dirs).toEqual([])
    expect(plan.batches).toEqual([])
  })

  it('an empty plan is valid', () => {
    expect(buildPlan(input({}))).toEqual({
      dirs: [],
      nested: [],
      widened: [],
      batches: [],
      warnings: []
    })
  })
})

describe('buildPlan with templates', () => {
  const template = 'https://h/{dir}/'

  it('F45/F24/F25: maps each changed file to its directory', () => {
    const root = 'apps/site/public'
    const plan = buildPlan(
      input({
        entries: [template],
        templates: files(root, [
          `${root}/docs/a.html`,
          `${root}/docs/b.html`,
          `${root}/docs/My Guide/intro.html`,
          `${root}/docs/中文/a.html`
        ])
      })
    )
    expect(plan.dirs).toEqual([
      {
        url: 'https://h/docs/',
        files: [
          `${root}/docs/My Guide/intro.html`,
          `${root}/docs/a.html`,
          `${root}/docs/b.html`,
          `${root}/docs/中文/a.html`
        ],
        literal: false
      }
    ])
    expect(plan.nested).toEqual([
      {
        dir: 'https://h/docs/%E4%B8%AD%E6%96%87/',
        coveredBy: 'https://h/docs/'
      },
      { dir: 'https://h/docs/My%20Guide/', coveredBy: 'https://h/docs/' }
    ])
  })

  it('keeps sibling directories apart and {dir:N} cuts them', () => {
    const changed = files('', [
      '/docs/My Guide/intro.html',
      '/docs/中文/a.html',
      '/blog/2024/post.html'
    ])
    const full = buildPlan(input({ entries: [template], templates: changed }))
    expect(full.dirs.map(d => d.url)).toEqual([
      'https://h/blog/2024/',
      'https://h/docs/%E4%B8%AD%E6%96%87/',
      'https://h/docs/My%20Guide/'
    ])
    const top = buildPlan(
      input({ entries: ['https://h/{dir:1}/'], templates: changed })
    )
    expect(top.dirs).toEqual([
      {
        url: 'https://h/blog/',
        files: ['/blog/2024/post.html'],
        literal: false
      },
      {
        url: 'https://h/docs/',
        files: ['/docs/My Guide/intro.html', '/docs/中文/a.html'],
        literal: false
      }
    ])
  })

  it('a file at the site root gives the root, with no double slash', () => {
    const plan = buildPlan(
      input({
        entries: ['https://h/x/{dir}/y/'],
        templates: files('site', ['site/index.html'])
      })
    )
    expect(plan.dirs.map(d => d.url)).toEqual(['https://h/x/y/'])
  })

  it("'root': each template expands once at the site root", () => {
    const plan = buildPlan(
      input({
        entries: [template, 'https://cdn.h/{dir:1}/assets/'],
        templates: { kind: 'root' }
      })
    )
    expect(plan.dirs.map(d => d.url)).toEqual([
      'https://cdn.h/assets/',
      'https://h/'
    ])
  })

  it("'skip': templates give nothing, literals still count", () => {
    const plan = buildPlan(
      input({
        entries: [template, 'https://h/fixed/'],
        templates: { kind: 'skip' }
      })
    )
    expect(plan.dirs).toEqual([
      { url: 'https://h/fixed/', files: [], literal: true }
    ])
  })

  it('a literal and a template can name the same dir', () => {
    const plan = buildPlan(
      input({
        entries: ['https://h/docs/', template],
        templates: files('', ['/docs/a.html'])
      })
    )
    expect(plan.dirs).toEqual([
      { url: 'https://h/docs/', files: ['/docs/a.html'], literal: true }
    ])
  })

  it('a covering dir inherits the files of the dirs it covers', () => {
    const plan = buildPlan(
      input({
        entries: ['https://h/docs/', template],
        templates: files('', ['/docs/api/x.html', '/blog/y.html'])
      })
    )
    expect(plan.dirs).toEqual([
      { url: 'https://h/blog/', files: ['/blog/y.html'], literal: false },
      { url: 'https://h/docs/', files: ['/docs/api/x.html'], literal: true }
    ])
  })
})

describe('buildPlan validates every entry before returning', () => {
  it.each([
    [['https://h/ok/', 'https://h/*'], /wildcard/],
    [['https://h/ok/', 'ftp://h/'], /http:\/\//],
    [['https://h/{dir:x}/'], /placeholders/],
    [['https://{dir}.h/'], /only in the path/],
    // A bad template fails even when no file changed.
    [['https://h/{dir}/?v=1'], /query/],
    [['ftp://h/{dir}/'], /http:\/\//]
  ])('%j', (entries, message) => {
    for (const templates of [
      { kind: 'skip' } as const,
      { kind: 'root' } as const,
      files('', ['/a/b.html'])
    ]) {
      expect(() => buildPlan(input({ entries, templates }))).toThrow(InputError)
      expect(() => buildPlan(input({ entries, templates }))).toThrow(message)
    }
  })

  it('refreshes the parent of a changed folder whose name makes no valid URL, and says so', () => {
    const plan = buildPlan(
      input({
        entries: ['https://h/{dir}/'],
        templates: files('', ['/ok/a.html', '/docs/bad*dir/b.html'])
      })
    )
    expect(plan.dirs.map(d => d.url)).toEqual([
      'https://h/docs/',
      'https://h/ok/'
    ])
    expect(plan.dirs[0].files).toEqual(['/docs/bad*dir/b.html'])
    expect(plan.warnings).toEqual([
      "Changed folder 'docs/bad*dir' gives no valid directory URL (it has a wildcard '*', which the API does not take (list directories)), so its parent https://h/docs/ is refreshed instead (template 'https://h/{dir}/')."
    ])
  })
})

describe('buildPlan and the daily limit', () => {
  const changed = files(
    '',
    Array.from({ length: 30 }, (_, i) => `/docs/s${i % 3}/p${i}/index.html`)
  )

  it("'fail' throws before any request", () => {
    expect(() =>
      buildPlan(
        input({
          entries: ['https://h/{dir}/'],
          templates: changed,
          dailyLimit: 10,
          overLimit: 'fail'
        })
      )
    ).toThrow(/'over-limit: widen'/)
  })

  it("'widen' merges into parents, which inherit the files", () => {
    const plan = buildPlan(
      input({
        entries: ['https://h/{dir}/'],
        templates: changed,
        dailyLimit: 3
      })
    )
    expect(plan.dirs.map(d => d.url)).toEqual([
      'https://h/docs/s0/',
      'https://h/docs/s1/',
      'https://h/docs/s2/'
    ])
    expect(plan.dirs[0].files).toHaveLength(10)
    expect(plan.dirs[0].files).toContain('/docs/s0/p0/index.html')
    expect(plan.widened).toHaveLength(3)
    expect(plan.widened[1].replaced).toHaveLength(10)
  })

  it('working-tree dirs steer the widening', () => {
    const two = files('', [
      '/a/1/x.html',
      '/a/2/x.html',
      '/b/1/x.html',
      '/b/2/x.html'
    ])
    const base = {
      entries: ['https://h/{dir}/'],
      templates: two,
      dailyLimit: 3
    }
    expect(buildPlan(input(base)).widened[0].parent).toBe('https://h/b/')
    // /b/ holds more unchanged directories: widening /a/ expires less.
    const known = ['', 'a', 'a/1', 'a/2', 'b', 'b/1', 'b/2', 'b/3', 'b/4']
    expect(
      buildPlan(input({ ...base, knownDirs: known })).widened[0].parent
    ).toBe('https://h/a/')
  })

  it('plans 10,000 entries and 10,000 changed files in well under a second', () => {
    const entries = Array.from(
      { length: 10000 },
      (_, i) => `https://lit${i % 7}.example/s${i % 97}/p${i}/`
    )
    entries.push('https://h/{dir}/', 'https://h/v2/{dir:2}/')
    const paths = Array.from(
      { length: 10000 },
      (_, i) => `site/docs/g${i % 40}/t${i % 400}/f${i}.html`
    )
    const knownDirs = ['', 'docs']
    for (let g = 0; g < 40; g++) knownDirs.push(`docs/g${g}`)
    const plan = buildPlan(
      input({ entries, templates: files('site', paths), knownDirs })
    )
    expect(plan.dirs.length).toBeLessThanOrEqual(100)
    expect(plan.batches.flat()).toEqual(plan.dirs.map(d => d.url))
    const covered = new Set(plan.dirs.flatMap(d => d.files))
    expect(covered.size).toBe(10000)
  })
})
