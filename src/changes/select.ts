// Which changed files belong to the site: under `root`, matching `include`,
// not matching `exclude`.
import type { Logger } from '../types'
import { type Glob, compileEach } from './globs'

export { compileGlobs } from './globs'
export { listSiteDirs } from './site-dirs'

export interface SiteFile {
  /** Repository-relative. */
  path: string
  /** Relative to root: what the globs and URL templates see. */
  rel: string
}

export interface SiteFilter {
  /** Normalised: no leading/trailing slash, '' = repository top. */
  root: string
  include: string[]
  exclude: string[]
}

export interface Selection {
  counted: SiteFile[]
  ignored: { path: string; why: string }[]
}

/** Throws InputError for an invalid include/exclude pattern. An empty
 * `include` takes every file; `exclude` wins over `include`. */
export function selectSiteFiles(
  files: string[],
  opts: SiteFilter,
  log?: Logger
): Selection {
  const includes = compileEach('include', opts.include)
  const excludes = compileEach('exclude', opts.exclude)
  const result: Selection = { counted: [], ignored: [] }
  for (const path of files) {
    const rel = relativeToRoot(path, opts.root)
    const why =
      rel === null
        ? `outside root '${opts.root}'`
        : whyFiltered(rel, includes, excludes)
    if (rel !== null && why === undefined) {
      result.counted.push({ path, rel })
    } else {
      result.ignored.push({ path, why: why ?? '' })
      log?.debug(`Ignoring ${path}: ${why}`)
    }
  }
  return result
}

/** Segment-aware: root `public` holds `public/x`, not `publications/x`. */
function relativeToRoot(path: string, root: string): string | null {
  if (root === '') return path
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : null
}

function whyFiltered(
  rel: string,
  includes: Glob[],
  excludes: Glob[]
): string | undefined {
  if (includes.length > 0 && !includes.some(glob => glob.test(rel))) {
    return 'matches no include pattern'
  }
  const hit = excludes.find(glob => glob.test(rel))
  return hit ? `matches exclude pattern '${hit.pattern}'` : undefined
}
