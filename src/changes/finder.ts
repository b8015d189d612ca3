// What every strategy gets: the sources it may read and a place to say why
// one of them could not serve.
import type { ChangeSet, Logger } from '../types'
import type { Git } from './git'
import type { Rest } from './rest'
import { unique, uniqueSorted } from './paths'

export interface Finder {
  /** null when there is no workspace to run git in. */
  git: Git | null
  /** null when REST cannot be used; `restMissing` then says why. */
  rest: Rest | null
  restMissing: string
  log: Logger
  /** Why strategies failed, in order: the reason of an 'unknown' answer. */
  notes: string[]
}

/** Files found, and how. */
export interface Found {
  files: string[]
  source: string
}

export function note(f: Finder, message: string): void {
  f.notes.push(message)
  f.log.debug(`Changed files: ${message}`)
}

export function filesResult(found: Found): ChangeSet {
  return {
    kind: 'files',
    source: found.source,
    files: uniqueSorted(found.files)
  }
}

export function unknownResult(f: Finder, source: string): ChangeSet {
  const reason = unique(f.notes).join('; ') || 'no reason given'
  return { kind: 'unknown', source, reason }
}
