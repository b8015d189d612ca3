import { splitDir } from './urls'

/**
 * Cuts the plan into requests of at most `size` dirs. Each request holds the
 * dirs of one site only: the API refuses a whole request for one domain it
 * does not serve (9110, CdnHostNotExists), so mixing sites would let one bad
 * domain take good directories down with it. Within a site the order given
 * is kept (the plan's sorted order, so the same plan makes the same batches).
 */
export function toBatches(dirs: string[], size: number): string[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(
      `Batch size must be a whole number from 1, got ${size}`
    )
  }
  const bySite = new Map<string, string[]>()
  for (const dir of dirs) {
    const { origin } = splitDir(dir)
    const site = bySite.get(origin)
    if (site) site.push(dir)
    else bySite.set(origin, [dir])
  }
  const batches: string[][] = []
  for (const site of bySite.values()) {
    for (let i = 0; i < site.length; i += size) {
      batches.push(site.slice(i, i + size))
    }
  }
  return batches
}
