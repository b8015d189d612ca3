// Small helpers shared by the change-detection strategies.

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i
const ZERO = /^(?:0{40}|0{64})$/

/** A full commit id (SHA-1 or SHA-256). Anything else never reaches git. */
export function isSha(value: unknown): value is string {
  return typeof value === 'string' && SHA.test(value) && !ZERO.test(value)
}

/** GitHub's "no commit" marker: `before` of a new branch, `after` of a
 * deleted one. */
export function isZeroSha(value: unknown): boolean {
  return typeof value === 'string' && ZERO.test(value)
}

export function short(sha: string): string {
  return sha.slice(0, 7)
}

/** Normalises one user-typed path: forward slashes, no leading `./` or `/`,
 * no doubled slashes. */
export function normalisePath(path: string): string {
  let p = path.replace(/\\/g, '/').replace(/\/{2,}/g, '/')
  while (p.startsWith('./') || p.startsWith('/')) {
    p = p.startsWith('/') ? p.slice(1) : p.slice(2)
  }
  return p
}

/** De-duplicates, keeping the first occurrence's position. */
export function unique(paths: Iterable<string>): string[] {
  return [...new Set(paths)]
}

/** De-duplicates and sorts, so results do not depend on which strategy ran. */
export function uniqueSorted(paths: Iterable<string>): string[] {
  return [...new Set(paths)].sort()
}

/** Reads `obj[key]` when obj is a plain object. */
export function field(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return undefined
  }
  return (obj as Record<string, unknown>)[key]
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
