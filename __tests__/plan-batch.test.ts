import { toBatches } from '../src/plan'

const dirs = (n: number): string[] =>
  Array.from(
    { length: n },
    (_, i) => `https://h/${String(i).padStart(3, '0')}/`
  )

describe('toBatches', () => {
  it('cuts consecutive chunks in the given order', () => {
    const list = dirs(45)
    const batches = toBatches(list, 20)
    expect(batches.map(b => b.length)).toEqual([20, 20, 5])
    expect(batches[0][0]).toBe('https://h/000/')
    expect(batches[1][0]).toBe('https://h/020/')
    expect(batches[2]).toEqual(list.slice(40))
    expect(batches.flat()).toEqual(list)
  })

  it.each([
    [0, 20, []],
    [20, 20, [20]],
    [21, 20, [20, 1]],
    [3, 1, [1, 1, 1]],
    [100, 500, [100]]
  ])('%i dirs by %i → %j', (count, size, lengths) => {
    expect(toBatches(dirs(count), size).map(b => b.length)).toEqual(lengths)
  })

  it.each([0, -1, 1.5, NaN])('refuses a batch size of %p', size => {
    expect(() => toBatches(dirs(3), size)).toThrow(RangeError)
  })
})

describe('toBatches keeps each request to one site', () => {
  it('never mixes origins, so one unserved domain fails only its own batch', () => {
    const a = Array.from({ length: 25 }, (_, i) => `https://a.example/${i}/`)
    const b = ['https://b.example/x/', 'https://b.example/y/']
    const batches = toBatches([...a.slice(0, 10), ...b, ...a.slice(10)], 20)
    expect(batches).toEqual([a.slice(0, 20), a.slice(20), b])
    for (const batch of batches) {
      expect(new Set(batch.map(d => new URL(d).origin)).size).toBe(1)
    }
  })

  it('treats http and https, or another port, as other sites', () => {
    const batches = toBatches(
      ['http://h/a/', 'https://h/a/', 'https://h:8443/a/'],
      20
    )
    expect(batches).toHaveLength(3)
  })
})
