import { dropNested } from '../src/plan'

/** Obvious O(n²) answer: the outermost other dir that contains each one. */
function bruteNested(urls: string[]): Map<string, string> {
  const unique = [...new Set(urls)]
  const covered = new Map<string, string>()
  for (const dir of unique) {
    const covers = unique.filter(
      other => other !== dir && dir.startsWith(other) && other.endsWith('/')
    )
    if (covers.length > 0) {
      covers.sort((a, b) => a.length - b.length)
      covered.set(dir, covers[0])
    }
  }
  return covered
}

/** Seeded random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

describe('dropNested', () => {
  it('keeps identical dirs once, reporting no nesting', () => {
    expect(dropNested(['https://h/a/', 'https://h/a/'])).toEqual({
      kept: ['https://h/a/'],
      nested: []
    })
  })

  it('drops a dir inside another, naming the outermost cover', () => {
    const result = dropNested([
      'https://h/a/b/c/',
      'https://h/a/b/',
      'https://h/a/',
      'https://h/z/'
    ])
    expect(result.kept).toEqual(['https://h/a/', 'https://h/z/'])
    expect(result.nested).toEqual([
      { dir: 'https://h/a/b/', coveredBy: 'https://h/a/' },
      { dir: 'https://h/a/b/c/', coveredBy: 'https://h/a/' }
    ])
  })

  it('the site root covers everything on its origin only', () => {
    const result = dropNested([
      'https://h/',
      'https://h/a/',
      'http://h/a/',
      'https://h:8443/a/',
      'https://h.example/a/'
    ])
    expect(result.kept).toEqual([
      'http://h/a/',
      'https://h.example/a/',
      'https://h/',
      'https://h:8443/a/'
    ])
    expect(result.nested).toEqual([
      { dir: 'https://h/a/', coveredBy: 'https://h/' }
    ])
  })

  it('is segment-aware: /ab/ and /a-b/ are not inside /a/', () => {
    const result = dropNested([
      'https://h/a/',
      'https://h/ab/',
      'https://h/a-b/',
      'https://h/a-b/c/',
      'https://h/a/b/'
    ])
    expect(result.kept).toEqual([
      'https://h/a-b/',
      'https://h/a/',
      'https://h/ab/'
    ])
    expect(result.nested).toEqual([
      { dir: 'https://h/a-b/c/', coveredBy: 'https://h/a-b/' },
      { dir: 'https://h/a/b/', coveredBy: 'https://h/a/' }
    ])
  })

  it('keeps %2f distinct from %2F and from a real slash', () => {
    const result = dropNested([
      'https://h/a%2fb/',
      'https://h/a%2Fb/',
      'https://h/a/'
    ])
    expect(result.kept).toHaveLength(3)
    expect(result.nested).toEqual([])
  })

  it('agrees with a brute force on random sets', () => {
    const next = random(7)
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]
    for (let run = 0; run < 300; run++) {
      const urls: string[] = []
      const count = 1 + Math.floor(next() * 12)
      for (let i = 0; i < count; i++) {
        const depth = Math.floor(next() * 4)
        const segments = Array.from({ length: depth }, () =>
          pick(['a', 'b', 'ab', 'a-b'])
        )
        const origin = pick(['https://h', 'http://h', 'https://h:81'])
        urls.push(`${origin}/${segments.map(s => `${s}/`).join('')}`)
      }
      const expected = bruteNested(urls)
      const result = dropNested(urls)
      const got = new Map(result.nested.map(n => [n.dir, n.coveredBy]))
      expect(got).toEqual(expected)
      const kept = [...new Set(urls)].filter(u => !expected.has(u)).sort()
      expect(result.kept).toEqual(kept)
    }
  })

  it('handles 10,000 dirs', () => {
    const urls: string[] = []
    for (let i = 0; i < 10000; i++) {
      urls.push(`https://h/s${i % 100}/p${i}/`)
    }
    urls.push('https://h/s7/')
    const result = dropNested(urls)
    expect(result.kept).toHaveLength(9901)
    expect(result.nested).toHaveLength(100)
  })
})
