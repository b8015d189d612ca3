// The plan stage: `dirs` entries (literal URLs or templates) and the changed
// files become checked, normalised directory URLs; then duplicates and
// nested dirs go, the daily limit is met, and batches are cut.
import { inputError, quote } from '../errors'
import type { Plan, PlannedDir } from '../types'
import { toBatches } from './batch'
import { dropNested } from './nesting'
import {
  dirOf,
  expandTemplate,
  isTemplate,
  parseTemplate,
  type Template
} from './templates'
import { checkDir, expansionError, normaliseDir } from './urls'
import { fitLimit } from './widen'

export { toBatches } from './batch'
export { dropNested, type NestedDir } from './nesting'
export {
  dirOf,
  expandTemplate,
  isTemplate,
  parseTemplate,
  type Template
} from './templates'
export { MAX_URL_LENGTH, normaliseDir } from './urls'
export { fitLimit, type Fitted } from './widen'

export interface PlanInput {
  /** settings.dirs: split, trimmed, no blanks. */
  entries: string[]
  /** Where template lines get their directories from. */
  templates:
    | {
        kind: 'files'
        /** path: repository-relative (for the report); rel: relative to
         * the site root ('docs/My Guide/intro.html'; 'index.html' at it). */
        files: { path: string; rel: string }[]
      }
    /** Files unknown: each template expands once, at the site root. */
    | { kind: 'root' }
    /** No range and no files: template lines give nothing. */
    | { kind: 'skip' }
  /** Directories of the working tree relative to the site root ('' = root),
   * used only to price widening; null when unknown. */
  knownDirs: string[] | null
  dailyLimit: number
  overLimit: 'widen' | 'fail'
  batchSize: number
}

/** Why a dir is in the plan, gathered as dirs merge. Files may repeat
 * until the end (a file's dir can be planned by several templates). */
interface Source {
  files: string[]
  literal: boolean
}

type Sources = Map<string, Source>

/**
 * Turns `dirs` entries and changed files into the final plan: templates
 * expanded, every URL checked and normalised, duplicates and nested dirs
 * dropped, the daily limit met, batches cut. Every entry is validated before
 * this returns, so a bad one throws before any request is made.
 */
export function buildPlan(input: PlanInput): Plan {
  const templates = input.entries.filter(isTemplate).map(readTemplate)
  const sources: Sources = new Map()
  for (const entry of input.entries) {
    if (!isTemplate(entry)) addSource(sources, normaliseDir(entry), [], true)
  }
  const warnings: string[] = []
  expandAll(templates, input.templates, sources, warnings)

  // A dir inside another is covered by it; the cover inherits its files.
  const { kept, nested } = dropNested([...sources.keys()])
  for (const { dir, coveredBy } of nested) absorb(sources, coveredBy, [dir])

  const known = knownUrls(templates, input.knownDirs ?? [])
  const fitted = fitLimit(kept, input.dailyLimit, input.overLimit, known)
  for (const { parent, replaced } of fitted.widened) {
    absorb(sources, parent, replaced)
  }

  const urls = [...fitted.dirs].sort()
  return {
    dirs: urls.map(url => toPlanned(url, sources)),
    nested,
    widened: fitted.widened,
    batches: toBatches(urls, input.batchSize),
    warnings
  }
}

/**
 * Checks every `dirs` entry on its own, before any changed file is known:
 * a literal URL in full, a template for its braces and fixed parts. Throws
 * the InputError buildPlan would, so a bad entry is refused before change
 * detection (git, the REST API) runs.
 */
export function checkEntries(entries: string[]): void {
  for (const entry of entries) {
    if (isTemplate(entry)) readTemplate(entry)
    else normaliseDir(entry)
  }
}

/**
 * Parses a template and checks its fixed parts (scheme, host, no query…)
 * with a stand-in directory, so a bad template fails even when no file
 * changed. The stand-in is one plain letter: unlike '', it cannot make a
 * '.' segment or a double slash that a real directory would not.
 */
function readTemplate(entry: string): Template {
  const template = parseTemplate(entry)
  const probe = checkDir(expandTemplate(template, 'x'))
  if ('problem' in probe) throw inputError('dirs', probe.problem, entry)
  return template
}

function expandAll(
  templates: Template[],
  from: PlanInput['templates'],
  sources: Sources,
  warnings: string[]
): void {
  if (from.kind === 'skip') return
  const byDir =
    from.kind === 'root' ? new Map([['', []]]) : filesByDir(from.files)
  for (const template of templates) {
    for (const [relDir, files] of byDir) {
      const url = expandNearest(template, relDir, files, warnings)
      addSource(sources, url, files, false)
    }
  }
}

/**
 * The template at `relDir`, or, when a changed folder's name makes no valid
 * URL (a '*', a '.' segment, too long), at its nearest parent that does:
 * refreshing the parent covers the folder, so nothing is lost, and a file
 * name chosen by whoever wrote a pull request cannot stop the whole refresh.
 */
function expandNearest(
  template: Template,
  relDir: string,
  files: string[],
  warnings: string[]
): string {
  const segments = relDir === '' ? [] : relDir.split('/')
  const first = checkDir(expandTemplate(template, relDir))
  if ('url' in first) return first.url
  for (let n = segments.length - 1; n >= 0; n--) {
    const checked = checkDir(
      expandTemplate(template, segments.slice(0, n).join('/'))
    )
    if ('url' in checked) {
      warnings.push(
        `Changed folder ${quote(relDir)} gives no valid directory URL (it ${first.problem}), so its parent ${checked.url} is refreshed instead (template ${quote(template.source)}).`
      )
      return checked.url
    }
  }
  const file = files.length > 0 ? files[0] : null
  throw expansionError(
    first.problem,
    expandTemplate(template, relDir),
    template.source,
    file
  )
}

/** Changed files grouped by their directory under the site root. */
function filesByDir(
  files: { path: string; rel: string }[]
): Map<string, string[]> {
  const byDir = new Map<string, string[]>()
  for (const { path, rel } of files) {
    const dir = dirOf(rel)
    const list = byDir.get(dir)
    if (list === undefined) byDir.set(dir, [path])
    else list.push(path)
  }
  return byDir
}

/**
 * Each template at each working-tree directory: more known directories
 * for pricing a widening. One that makes no valid URL is no planned dir,
 * so it is skipped, not reported.
 */
function knownUrls(templates: Template[], knownDirs: string[]): string[] {
  const urls: string[] = []
  for (const template of templates) {
    for (const relDir of knownDirs) {
      const checked = checkDir(expandTemplate(template, relDir))
      if ('url' in checked) urls.push(checked.url)
    }
  }
  return urls
}

function addSource(
  sources: Sources,
  url: string,
  files: string[],
  literal: boolean
): Source {
  let source = sources.get(url)
  if (source === undefined) {
    source = { files: [], literal: false }
    sources.set(url, source)
  }
  for (const file of files) source.files.push(file)
  source.literal ||= literal
  return source
}

/** `into` now stands for `dirs` as well: it takes their files and origin. */
function absorb(sources: Sources, into: string, dirs: string[]): void {
  const target = addSource(sources, into, [], false)
  for (const dir of dirs) {
    const source = sources.get(dir)
    if (source === undefined) continue
    for (const file of source.files) target.files.push(file)
    target.literal ||= source.literal
  }
}

function toPlanned(url: string, sources: Sources): PlannedDir {
  const source = sources.get(url)
  return {
    url,
    files: [...new Set(source?.files)].sort(),
    literal: source?.literal ?? false
  }
}
