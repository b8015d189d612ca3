import { InputError, inputError, quote } from '../errors'

/** The API refuses longer paths (InvalidParameter.CdnUrlExceedLength); 2048
 * is the cap this action holds every directory URL to, counted once encoded. */
export const MAX_URL_LENGTH = 2048

/** Why a directory URL cannot be used, worded to follow "Input 'dirs' ". */
export type Problem = string

// Each check runs on the text as the user (or a template) wrote it, before
// `new URL` can quietly strip, resolve or re-slash anything.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/
const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const SCHEME = /^https?:\/\/[^/]/i
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i
const BAD_PERCENT = /%(?![0-9a-fA-F]{2})/g

const NOT_HTTP =
  'must be a valid absolute URL starting with http:// or https://'

// In order: a control character is named before anything else it breaks.
const RAW_CHECKS: [(raw: string) => boolean, Problem][] = [
  [
    raw => CONTROL.test(raw),
    'must not contain control characters such as tabs or newlines'
  ],
  [raw => LONE_SURROGATE.test(raw), 'must be valid Unicode text'],
  [raw => !SCHEME.test(raw), NOT_HTTP],
  [
    raw => raw.includes('\\'),
    "must not contain a backslash (a URL path is separated by '/')"
  ],
  [
    raw => raw.includes('*'),
    "has a wildcard '*', which the API does not take (list directories)"
  ],
  [
    raw => raw.includes('?'),
    "must not have a query ('?'): a directory URL ends at its path"
  ],
  [
    raw => raw.includes('#'),
    "must not have a fragment ('#'): a directory URL ends at its path"
  ]
]

/** The first problem in `raw` found without parsing it, or null. */
function rawProblem(raw: string): Problem | null {
  const failed = RAW_CHECKS.find(([bad]) => bad(raw))
  if (failed !== undefined) return failed[1]
  return authorityProblem(raw) ?? pathProblem(raw)
}

/** Text between `://` and the first `/` (the scheme check has passed). */
function authorityEnd(raw: string): number {
  const start = raw.indexOf('://') + 3
  const slash = raw.indexOf('/', start)
  return slash === -1 ? raw.length : slash
}

function authorityProblem(raw: string): Problem | null {
  const authority = raw.slice(raw.indexOf('://') + 3, authorityEnd(raw))
  return authority.includes('@')
    ? "must not contain a user name or password ('user:password@')"
    : null
}

function pathProblem(raw: string): Problem | null {
  const segments = raw.slice(authorityEnd(raw)).split('/')
  // Refused, not resolved: resolving would quietly change which directory
  // is refreshed. The parser also treats `%2e` as a dot, so this does too.
  return segments.some(s => DOT_SEGMENT.test(s))
    ? "must not contain '.' or '..' path segments"
    : null
}

/**
 * The URL as a browser would send it, with a trailing slash, or the problem
 * that stops it. Node's URL parser already lower-cases the host, turns IDN
 * into punycode, drops a default port and percent-encodes spaces and
 * non-ASCII (UTF-8) exactly once, keeping escapes already written.
 */
export function checkDir(raw: string): { url: string } | { problem: Problem } {
  const problem = rawProblem(raw)
  if (problem !== null) return { problem }

  // The parser strips trailing spaces; a folder name may end in one.
  const guarded = raw.replace(/ +$/, spaces => '%20'.repeat(spaces.length))
  let parsed: URL
  try {
    parsed = new URL(guarded)
  } catch {
    return { problem: NOT_HTTP }
  }

  // A '%' that starts no escape is a literal percent sign.
  let path = parsed.pathname.replace(BAD_PERCENT, '%25')
  if (!path.endsWith('/')) path += '/'
  const url = parsed.origin + path
  if (url.length > MAX_URL_LENGTH) {
    const problem =
      `must be at most ${MAX_URL_LENGTH} characters once encoded ` +
      `(this one has ${url.length})`
    return { problem }
  }
  return { url }
}

/**
 * Validates and normalises one directory URL; throws an InputError naming
 * `dirs` otherwise. Escapes are kept as written, so `%2f` and `%2F` stay
 * distinct dirs (the CDN may well treat them alike, but we never guess).
 */
export function normaliseDir(raw: string): string {
  const result = checkDir(raw)
  if ('problem' in result) throw inputError('dirs', result.problem, raw)
  return result.url
}

/** An InputError for a URL that a template produced, naming its source. */
export function expansionError(
  problem: Problem,
  url: string,
  template: string,
  file: string | null
): InputError {
  const source = file === null ? '' : ` for changed file ${quote(file)}`
  return new InputError(
    `Input 'dirs' ${problem}, got ${quote(url)} ` +
      `(from template ${quote(template)}${source}).`
  )
}

/** Splits a normalised dir into its origin and path segments. */
export function splitDir(url: string): { origin: string; segments: string[] } {
  const slash = url.indexOf('/', url.indexOf('://') + 3)
  const path = url.slice(slash + 1, -1)
  return {
    origin: url.slice(0, slash),
    segments: path === '' ? [] : path.split('/')
  }
}
