import { InputError } from '../src/errors'
import { fitLimit } from '../src/plan'

/** Seeded random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

/** Every directory strictly above a dir URL, up to its origin's root. */
function ancestors(url: string): string[] {
  const found: string[] = []
  let slash = url.indexOf('/', url.indexOf('://') + 3)
  while (slash !== -1 && slash < url.length - 1) {
    found.push(url.slice(0, slash + 1))
    slash = url.indexOf('/', slash + 1)
  }
  return found
}

/** What expiring `cover` costs: members of K that are a chosen dir or under one. */
function costOf(cover: string[], known: Set<string>): number {
  let total = 0
  for (const dir of cover) {
    for (const k of known) if (k.startsWith(dir)) total += 1
  }
  return total
}

/** K: the planned dirs, their ancestors, and the extra known dirs. */
function knownSet(planned: string[], extra: string[]): Set<string> {
  return new Set([...planned, ...planned.flatMap(ancestors), ...extra])
}

function product(lists: string[][][]): string[][] {
  let all: string[][] = [[]]
  for (const options of lists) {
    all = all.flatMap(done => options.map(option => [...done, ...option]))
  }
  return all
}

/**
 * Brute force: every cover built from the planned dirs and their ancestors,
 * the cheapest that fits, preferring more dirs on a tie. null when none fits.
 */
function brute(
  planned: string[],
  extra: string[],
  limit: number
): { cost: number; size: number } | null {
  const nodes = new Set([...planned, ...planned.flatMap(ancestors)])
  const isChild = (parent: string, node: string): boolean =>
    node.startsWith(parent) &&
    node !== parent &&
    node.slice(parent.length).indexOf('/') === node.length - parent.length - 1
  const covers = (node: string): string[][] => {
    if (planned.includes(node)) return [[node]]
    const children = [...nodes].filter(other => isChild(node, other))
    return [[node], ...product(children.map(covers))]
  }
  const roots = [...nodes].filter(node => ancestors(node).length === 0)
  const fitting = product(roots.map(covers)).filter(c => c.length <= limit)
  if (fitting.length === 0) return null
  const known = knownSet(planned, extra)
  const costs = fitting.map(cover => ({
    cost: costOf(cover, known),
    size: cover.length
  }))
  const cost = Math.min(...costs.map(c => c.cost))
  const size = Math.max(...costs.filter(c => c.cost === cost).map(c => c.size))
  return { cost, size }
}

/** Planned dirs as an antichain: nothing inside anything else. */
function antichain(urls: string[]): string[] {
  const unique = [...new Set(urls)]
  return unique
    .filter(url => !unique.some(o => o !== url && url.startsWith(o)))
    .sort()
}

function randomDir(
  next: () => number,
  origins: string[],
  depth: number,
  least = 0
): string {
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]
  const segments = Array.from(
    { length: least + Math.floor(next() * (depth - least + 1)) },
    () => `${pick(['a', 'b', 'c', 'ab'])}/`
  )
  return `${pick(origins)}/${segments.join('')}`
}

/** The checks every widened plan must pass, whatever the tie-break. */
function expectValidCover(
  planned: string[],
  limit: number,
  result: ReturnType<typeof fitLimit>
): void {
  const allowed = new Set([...planned, ...planned.flatMap(ancestors)])
  expect(result.dirs.length).toBeLessThanOrEqual(limit)
  expect(result.dirs).toEqual([...result.dirs].sort())
  for (const dir of result.dirs) {
    expect(allowed.has(dir)).toBe(true)
    expect(result.dirs.filter(o => dir.startsWith(o))).toEqual([dir])
  }
  for (const dir of planned) {
    expect(result.dirs.some(chosen => dir.startsWith(chosen))).toBe(true)
  }
  for (const { parent, replaced } of result.widened) {
    expect(planned).not.toContain(parent)
    expect(result.dirs).toContain(parent)
    expect(replaced).toEqual(planned.filter(d => d.startsWith(parent)))
  }
  const replaced = new Set(result.widened.flatMap(w => w.replaced))
  const kept = planned.filter(d => !replaced.has(d))
  const parents = result.widened.map(w => w.parent)
  expect(result.dirs).toEqual([...kept, ...parents].sort())
}

describe('fitLimit within the limit', () => {
  it('changes nothing', () => {
    const dirs = ['https://h/a/', 'https://h/b/']
    expect(fitLimit(dirs, 2, 'fail', [])).toEqual({ dirs, widened: [] })
    expect(fitLimit(dirs, 100, 'widen', [])).toEqual({ dirs, widened: [] })
    expect(fitLimit([], 100, 'widen', [])).toEqual({ dirs: [], widened: [] })
  })
})

describe("fitLimit with 'over-limit: fail'", () => {
  it('names both inputs, the counts, and widen', () => {
    const dirs = Array.from({ length: 150 }, (_, i) => `https://h/d${i}/`)
    let error: unknown
    try {
      fitLimit(dirs, 100, 'fail', [])
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InputError)
    const { message } = error as InputError
    for (const part of ["'daily-limit'", "'over-limit'", '150', '100']) {
      expect(message).toContain(part)
    }
    expect(message).toContain("'over-limit: widen'")
    expect(message).not.toContain('\n')
  })
})

describe("fitLimit with 'over-limit: widen'", () => {
  it('widens 150 dirs to sibling parents, not the site root', () => {
    // 15 sections of 5 pages under each of /docs/ and /blog/. Merging a
    // section saves 4 dirs for 1 more expired directory; 13 of them bring
    // 150 down to 98 for a cost of 150 + 13 = 163. Merging all of /docs/
    // would cost 1 + 15 + 75 + 75 = 166, the site root 1 + 2 + 30 + 150.
    const planned: string[] = []
    for (const area of ['docs', 'blog']) {
      for (let s = 0; s < 15; s++) {
        for (let p = 0; p < 5; p++)
          planned.push(`https://h/${area}/s${s}/p${p}/`)
      }
    }
    planned.sort()
    const result = fitLimit(planned, 100, 'widen', [])
    expectValidCover(planned, 100, result)
    expect(result.dirs).toHaveLength(98)
    expect(result.widened).toHaveLength(13)
    for (const { parent, replaced } of result.widened) {
      expect(parent).toMatch(/^https:\/\/h\/(docs|blog)\/s\d+\/$/)
      expect(replaced).toHaveLength(5)
    }
    expect(costOf(result.dirs, knownSet(planned, []))).toBe(163)
  })

  it('prices with the known dirs: widens where less is expired', () => {
    const planned = [
      'https://h/a/1/',
      'https://h/a/2/',
      'https://h/b/1/',
      'https://h/b/2/'
    ]
    // Equal costs: the earlier subtree (/a/) keeps its finer dirs.
    expect(fitLimit(planned, 3, 'widen', []).widened).toEqual([
      { parent: 'https://h/b/', replaced: ['https://h/b/1/', 'https://h/b/2/'] }
    ])
    // /b/ holds two more directories, so /a/ is cheaper to expire.
    const known = ['https://h/b/x/', 'https://h/b/y/', 'https://other/a/q/']
    expect(fitLimit(planned, 3, 'widen', known)).toEqual({
      dirs: ['https://h/a/', 'https://h/b/1/', 'https://h/b/2/'],
      widened: [
        {
          parent: 'https://h/a/',
          replaced: ['https://h/a/1/', 'https://h/a/2/']
        }
      ]
    })
    // Known dirs on another origin change nothing.
    expect(
      fitLimit(planned, 3, 'widen', ['https://other/a/x/', 'http://h/a/y/'])
        .widened[0].parent
    ).toBe('https://h/b/')
  })

  it('prefers more dirs when two covers cost the same', () => {
    // {/a/, /b/1/, /b/2/, /b/3/} and {/a/1/, /a/2/, /b/} both cost 6.
    const planned = [
      'https://h/a/1/',
      'https://h/a/2/',
      'https://h/b/1/',
      'https://h/b/2/',
      'https://h/b/3/'
    ]
    const result = fitLimit(planned, 4, 'widen', [])
    expect(result.dirs).toEqual([
      'https://h/a/',
      'https://h/b/1/',
      'https://h/b/2/',
      'https://h/b/3/'
    ])
  })

  it('goes up to the origin root and never past it', () => {
    const planned = ['http://h/x/', 'https://h/a/', 'https://h/b/c/']
    expect(fitLimit(planned, 2, 'widen', [])).toEqual({
      dirs: ['http://h/x/', 'https://h/'],
      widened: [
        { parent: 'https://h/', replaced: ['https://h/a/', 'https://h/b/c/'] }
      ]
    })
  })

  it('refuses more origins than the limit, naming daily-limit', () => {
    const planned = ['https://a/x/', 'https://b/x/', 'https://c/x/']
    expect(() => fitLimit(planned, 2, 'widen', [])).toThrow(InputError)
    expect(() => fitLimit(planned, 2, 'widen', [])).toThrow(
      /Input 'daily-limit'.*3 sites/
    )
  })

  it('refuses a limit of 0 (no quota left), naming daily-limit', () => {
    expect(() => fitLimit(['https://h/a/'], 0, 'widen', [])).toThrow(
      /Input 'daily-limit'.* allows 0 directories.*one site/
    )
  })

  it('is deterministic whatever the input order', () => {
    const next = random(11)
    const planned = antichain(
      Array.from({ length: 40 }, () => randomDir(next, ['https://h'], 4))
    )
    const first = fitLimit(planned, 5, 'widen', [])
    const shuffled = [...planned].sort(() => next() - 0.5)
    expect(fitLimit(shuffled, 5, 'widen', [])).toEqual(first)
  })

  it('matches a brute force on hundreds of random trees', () => {
    const next = random(2024)
    const allOrigins = ['https://a.com', 'https://b.com', 'http://a.com:8080']
    let widenedCases = 0
    let errorCases = 0
    for (let run = 0; run < 600; run++) {
      const origins = allOrigins.slice(0, 1 + Math.floor(next() * 3))
      const count = 2 + Math.floor(next() * 9)
      const planned = antichain(
        Array.from({ length: count }, () => randomDir(next, origins, 3, 1))
      )
      const extra = Array.from({ length: Math.floor(next() * 7) }, () =>
        randomDir(next, [...allOrigins, 'https://other'], 4)
      )
      // Mostly over the limit; now and then exactly at it.
      const limit = 1 + Math.floor(next() * planned.length)
      const expected = brute(planned, extra, limit)
      if (expected === null) {
        errorCases += 1
        expect(() => fitLimit(planned, limit, 'widen', extra)).toThrow(
          /daily-limit/
        )
        continue
      }
      const result = fitLimit(planned, limit, 'widen', extra)
      expectValidCover(planned, limit, result)
      expect(costOf(result.dirs, knownSet(planned, extra))).toBe(expected.cost)
      expect(result.dirs).toHaveLength(expected.size)
      if (result.widened.length > 0) widenedCases += 1
    }
    // Enough of the cases actually widened to mean something.
    expect(widenedCases).toBeGreaterThan(300)
    expect(errorCases).toBeGreaterThan(10)
  })

  it('handles ~1000-segment paths without deep recursion', () => {
    const deep = `https://h/${'d/'.repeat(900)}`
    const planned = Array.from(
      { length: 150 },
      (_, i) => `${deep}p${i}/`
    ).sort()
    const result = fitLimit(planned, 100, 'widen', [])
    expect(result.dirs).toEqual([deep])
    expect(result.widened[0].replaced).toHaveLength(150)
  })

  it('fits 10,000 dirs into 100', () => {
    const planned: string[] = []
    for (let i = 0; i < 10000; i++) {
      const origin = i % 10 === 0 ? 'https://b.example' : 'https://a.example'
      planned.push(`${origin}/s${i % 50}/t${Math.floor(i / 50) % 20}/p${i}/`)
    }
    planned.sort()
    const known = planned.map(d => `${d}child/`)
    const result = fitLimit(planned, 100, 'widen', known)
    expect(result.dirs.length).toBeLessThanOrEqual(100)
    expect(result.dirs.length).toBeGreaterThan(50)
    for (const dir of planned.slice(0, 500)) {
      expect(result.dirs.some(chosen => dir.startsWith(chosen))).toBe(true)
    }
  })
})
