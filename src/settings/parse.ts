import { inputError } from '../errors'

// Small parsers for input values. Each throws an InputError that names the
// input, quotes the value and says what is allowed.

/** Whole numbers only: '20x', '1e2', '0x10', ' 5 ' with inner junk fail. */
export function wholeNumber(
  input: string,
  raw: string,
  min: number,
  max: number
): number {
  const value = raw.trim()
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN
  if (!Number.isInteger(n) || n < min || n > max) {
    throw inputError(input, `must be a whole number from ${min} to ${max}`, raw)
  }
  return n
}

/** Seconds, decimals allowed ('1.5'), within [min, max]. */
export function seconds(
  input: string,
  raw: string,
  min: number,
  max: number
): number {
  const value = raw.trim()
  const n = /^\d{1,6}(\.\d{1,3})?$/.test(value) ? Number(value) : NaN
  if (!(n >= min && n <= max)) {
    throw inputError(
      input,
      `must be a number of seconds from ${min} to ${max}`,
      raw
    )
  }
  return n
}

// The YAML 1.2 core schema booleans, as @actions/core accepts them.
const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

export function boolean(input: string, raw: string): boolean {
  const value = raw.trim()
  if (TRUE.includes(value)) return true
  if (FALSE.includes(value)) return false
  throw inputError(input, "must be 'true' or 'false'", raw)
}

/** One of a fixed set, matched without regard to case; returns the canonical spelling. */
export function oneOf<T extends string>(
  input: string,
  raw: string,
  allowed: readonly T[]
): T {
  const value = raw.trim().toLowerCase()
  const found = allowed.find(a => a.toLowerCase() === value)
  if (found === undefined) {
    const list = allowed.map(a => `'${a}'`).join(' or ')
    throw inputError(input, `must be ${list}`, raw)
  }
  return found
}

/** Lines of a multi-line input: trimmed, blanks and CRs dropped. */
export function lines(raw: string): string[] {
  return raw
    .split(/\r?\n|\r/)
    .map(line => line.trim())
    .filter(line => line !== '')
}

/** `dirs` entries: newlines and commas separate (never spaces: F1). */
export function listEntries(raw: string): string[] {
  return raw
    .split(/[\r\n,]+/)
    .map(entry => entry.trim())
    .filter(entry => entry !== '')
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * A repository-relative path from `root` or `files`: forward slashes, no
 * leading './' or '/', no trailing '/', and no '..' (it would point outside
 * the repository) or control characters.
 */
export function repoPath(input: string, raw: string): string {
  if (CONTROL.test(raw)) {
    throw inputError(input, 'must not contain control characters', raw)
  }
  if (raw.includes('\\')) {
    throw inputError(input, "must use '/' between folders, not '\\'", raw)
  }
  const segments = raw
    .trim()
    .split('/')
    .filter(s => s !== '' && s !== '.')
  if (segments.includes('..')) {
    throw inputError(input, "must stay inside the repository (no '..')", raw)
  }
  return segments.join('/')
}
