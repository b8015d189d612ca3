/** A dir left out because a planned dir above it already covers it. */
export interface NestedDir {
  dir: string
  coveredBy: string
}

/**
 * Keeps each normalised dir once and drops any dir inside another one of the
 * same origin: refreshing a directory expires everything under it.
 *
 * Every dir ends in '/', so "inside" is a plain prefix test that respects
 * segments (`https://h/ab/` does not start with `https://h/a/`) and origins
 * (`https://h:8080/` does not start with `https://h/`). Sorted, the dirs
 * under one dir follow it in one unbroken run, so a single pass finds them.
 */
export function dropNested(urls: string[]): {
  kept: string[]
  nested: NestedDir[]
} {
  const sorted = [...new Set(urls)].sort()
  const kept: string[] = []
  const nested: NestedDir[] = []
  let cover: string | null = null
  for (const url of sorted) {
    if (cover !== null && url.startsWith(cover)) {
      nested.push({ dir: url, coveredBy: cover })
    } else {
      cover = url
      kept.push(url)
    }
  }
  return { kept, nested }
}
