// The include/exclude filters (F30).
//
// Semantics (picomatch, matched against the path relative to `root`):
// - `*` matches within one path segment, `**` any number of segments
//   (zero included), `?` one character, `[abc]` one of a set,
//   `{a,b}` either alternative, `{1..3}` a range.
// - `**/` also matches zero directories: `**/*.{html,css}` matches
//   `index.html` at the root as well as `a/b/c.css`.
// - Dot-files and dot-directories match like any other (`dot: true`).
// - Matching is case-sensitive, and `\` always escapes the next character
//   (it is never a path separator, on any runner).
//
// A pattern is refused, with an InputError naming the input, when it:
// - is empty, starts with `/`, ends with `/`, or has an empty, `.` or `..`
//   segment (paths are relative to root and normalised, so it could never
//   match anything);
// - starts with `!` (other than an extglob `!(…)`): leaving files out is
//   what the `exclude` input is for;
// - has an unbalanced `[ ]`, `{ }` or `( )`, or ends with a lone `\`
//   (picomatch would silently read these as literal characters);
// - has a brace group with an empty alternative (`{}`, `{a,}`) or with one
//   alternative and no range (`{a}`).
import picomatch from 'picomatch'
import { InputError, quote } from '../errors'

export interface Glob {
  pattern: string
  test: (rel: string) => boolean
}

const OPTIONS: picomatch.PicomatchOptions = { dot: true, windows: false }

/** One matcher for the whole list: true when any pattern matches (so an
 * empty list matches nothing; selectSiteFiles reads an empty `include` as
 * "everything"). */
export function compileGlobs(
  input: 'include' | 'exclude',
  patterns: string[]
): (rel: string) => boolean {
  const globs = compileEach(input, patterns)
  return rel => globs.some(glob => glob.test(rel))
}

/** Each pattern on its own, so a caller can say which one matched. */
export function compileEach(
  input: 'include' | 'exclude',
  patterns: string[]
): Glob[] {
  return patterns.map(pattern => {
    const problem = checkPattern(pattern)
    if (problem) throw globError(input, pattern, problem)
    try {
      return { pattern, test: picomatch(pattern, OPTIONS) }
    } catch (err) {
      throw globError(input, pattern, (err as Error).message)
    }
  })
}

function globError(
  input: string,
  pattern: string,
  problem: string
): InputError {
  return new InputError(
    `Input '${input}' has an invalid glob ${quote(pattern)}: ${problem}. Globs are matched against paths relative to 'root': ** spans directories, * stays within one, {a,b} picks either; escape a literal [ ] { } ( ) with \\.`
  )
}

/** Why a pattern is refused, or undefined when it is fine. */
export function checkPattern(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'it is empty'
  if (pattern.startsWith('/')) return "it starts with '/'"
  if (pattern.endsWith('/')) {
    return `it ends with '/' (write '${pattern}**' for the files under a directory)`
  }
  const segments = pattern.split('/')
  if (segments.some(s => s === '')) return "it has an empty segment ('//')"
  if (segments.some(s => s === '.' || s === '..')) {
    return "it has a '.' or '..' segment"
  }
  if (pattern.startsWith('!') && !pattern.startsWith('!(')) {
    return "it starts with '!' (use the 'exclude' input to leave files out)"
  }
  return checkGroups(pattern)
}

interface Group {
  open: '{' | '('
  /** Text of each alternative so far (braces only). */
  alternatives: string[]
}

const CLOSERS: Record<string, '{' | '('> = { '}': '{', ')': '(' }

/** Walks the pattern once, checking brackets, braces and parentheses. */
function checkGroups(pattern: string): string | undefined {
  const stack: Group[] = []
  const add = (text: string): void => {
    const top = stack[stack.length - 1]
    if (top) top.alternatives[top.alternatives.length - 1] += text
  }
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '\\') {
      if (i === pattern.length - 1) return 'it ends with a lone \\'
      add(pattern.slice(i, i + 2))
      i++
    } else if (c === '[') {
      const end = bracketEnd(pattern, i)
      if (end < 0) return "it has a '[' without its ']'"
      add(pattern.slice(i, end + 1))
      i = end
    } else if (c === ']') {
      return "it has a ']' without its '['"
    } else if (c === '{' || c === '(') {
      stack.push({ open: c, alternatives: [''] })
    } else if (c in CLOSERS) {
      const group = stack.pop()
      if (group?.open !== CLOSERS[c]) {
        return `it has a '${c}' without its '${CLOSERS[c]}'`
      }
      const problem = group.open === '{' ? checkBraces(group) : undefined
      if (problem) return problem
      add(c === '}' ? '{…}' : '(…)')
    } else if (c === ',' && stack[stack.length - 1]?.open === '{') {
      stack[stack.length - 1].alternatives.push('')
    } else {
      add(c)
    }
  }
  const open = stack.pop()
  return open ? `it has a '${open.open}' without its closing pair` : undefined
}

/** Index of the `]` closing the class opened at `start`, or -1. A `]` right
 * after `[` or `[!` is a literal member; `[:alpha:]` classes nest. */
function bracketEnd(pattern: string, start: number): number {
  let i = start + 1
  if (pattern[i] === '!' || pattern[i] === '^') i++
  if (pattern[i] === ']') i++
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++
    else if (pattern.startsWith('[:', i)) {
      const close = pattern.indexOf(':]', i + 2)
      if (close < 0) return -1
      i = close + 1
    } else if (pattern[i] === ']') return i
  }
  return -1
}

const RANGE = /^(?:-?\d+\.\.-?\d+|[a-zA-Z]\.\.[a-zA-Z])(?:\.\.-?\d+)?$/

function checkBraces(group: Group): string | undefined {
  const alts = group.alternatives
  if (alts.some(alt => alt === '')) {
    return `it has an empty alternative in '{${alts.join(',')}}'`
  }
  if (alts.length === 1 && !RANGE.test(alts[0])) {
    return `its '{${alts[0]}}' has a single alternative (write '{a,b}')`
  }
  return undefined
}
