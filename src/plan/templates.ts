import { inputError } from '../errors'

/** `{dir}` (depth null) or `{dir:N}` (its first N segments). */
type Part = { text: string } | { depth: number | null }

export interface Template {
  /** The entry as the user wrote it, for messages. */
  source: string
  parts: Part[]
}

// A placeholder, or a brace that is not part of one. N is a whole number
// from 0 to 99, two digits being deeper than any real site.
const TOKEN = /\{dir(?::([0-9]{1,2}))?\}|[{}]/g

const ALLOWED =
  'takes only the placeholders {dir} and {dir:N} (N a whole number from 0 to 99)'

/** An entry with a brace is a template, even a malformed one. */
export function isTemplate(entry: string): boolean {
  return entry.includes('{') || entry.includes('}')
}

/** Splits a template into text and placeholders; throws on bad braces. */
export function parseTemplate(entry: string): Template {
  const parts: Part[] = []
  let done = 0
  for (const match of entry.matchAll(TOKEN)) {
    if (match[0].length === 1) throw inputError('dirs', ALLOWED, entry)
    if (match.index > done) parts.push({ text: entry.slice(done, match.index) })
    parts.push({ depth: match[1] === undefined ? null : Number(match[1]) })
    done = match.index + match[0].length
  }
  if (done < entry.length) parts.push({ text: entry.slice(done) })
  checkPlaceholdersInPath(entry, parts)
  return { source: entry, parts }
}

/** A placeholder must come after `scheme://host/`, never in the host. */
function checkPlaceholdersInPath(entry: string, parts: Part[]): void {
  const first = parts[0]
  const head = first !== undefined && 'text' in first ? first.text : ''
  const scheme = head.indexOf('://')
  if (scheme === -1 || head.indexOf('/', scheme + 3) === -1) {
    throw inputError(
      'dirs',
      "may use placeholders only in the path, after 'scheme://host/'",
      entry
    )
  }
}

/** The directory of a site-root-relative file: 'docs/a.html' → 'docs'. */
export function dirOf(rel: string): string {
  const segments = rel.split('/').filter(s => s !== '')
  return segments.slice(0, -1).join('/')
}

// A file name is literal text: these would otherwise start an escape, a
// query or a fragment, or turn into '/'. Spaces and non-ASCII are left for
// the URL parser, so they are encoded exactly once.
const LITERAL = /[%#?\\]/g

function escapeSegment(segment: string): string {
  return segment.replace(
    LITERAL,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )
}

/** The value of one placeholder for a directory: '' at the site root. */
function valueOf(depth: number | null, segments: string[]): string {
  const kept = depth === null ? segments : segments.slice(0, depth)
  return kept.map(escapeSegment).join('/')
}

/**
 * Fills in `{dir}` and `{dir:N}` for one directory relative to the site root
 * (no leading or trailing slash, '' for the root). The result still needs
 * normaliseDir. An empty value never leaves a double slash behind:
 * `https://h/x/{dir}/y/` with '' gives `https://h/x/y/`.
 */
export function expandTemplate(
  template: Template | string,
  relDir: string
): string {
  const { parts } =
    typeof template === 'string' ? parseTemplate(template) : template
  const segments = relDir.split('/').filter(s => s !== '')
  let out = ''
  let dropSlash = false
  for (const part of parts) {
    if ('text' in part) {
      const skip = dropSlash && part.text.startsWith('/')
      out += skip ? part.text.slice(1) : part.text
      dropSlash = false
      continue
    }
    const value = valueOf(part.depth, segments)
    out += value
    // A later placeholder can also be empty: keep looking after a '/'.
    dropSlash = value === '' ? out.endsWith('/') : false
  }
  return out
}
