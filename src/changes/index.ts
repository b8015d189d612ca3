// The changed-files step: which repository files the triggering push or pull
// request changed. Git in the workspace first, the REST API when git cannot.
import type { ChangeSet, Logger } from '../types'
import { type Finder, note, unknownResult } from './finder'
import { Git } from './git'
import { errorText, normalisePath, unique } from './paths'
import { detectPull } from './pull'
import { detectPush } from './push'
import { createRest } from './rest'

export interface ChangeContext {
  /** GITHUB_EVENT_NAME */
  eventName: string
  /** The parsed event file (may be {}). */
  payload: Record<string, unknown>
  /** GITHUB_WORKSPACE ('' if unknown). */
  workspace: string
  /** 'owner/repo' (GITHUB_REPOSITORY; '' if unknown). */
  repository: string
  /** The github-token input ('' = REST unavailable). */
  token: string
  /** GITHUB_API_URL, default https://api.github.com */
  apiUrl: string
  /** The `files` input, split and trimmed; non-null skips detection. */
  files: string[] | null
  log: Logger
}

/** Never throws: a failure of every source is `{ kind: 'unknown' }`. */
export async function detectChanges(ctx: ChangeContext): Promise<ChangeSet> {
  if (ctx.files !== null) {
    const files = unique(ctx.files.map(normalisePath).filter(p => p !== ''))
    return { kind: 'files', source: 'the files input', files }
  }
  const detect = DETECTORS.get(ctx.eventName)
  if (!detect) {
    // workflow_dispatch, schedule, repository_dispatch… (F20)
    const event = ctx.eventName || 'this'
    return { kind: 'no-range', source: `${event} event has no commit range` }
  }
  const f = await finder(ctx)
  try {
    return await detect(f, ctx.payload ?? {})
  } catch (err) {
    // Nothing here should throw; if something does, the caller still gets
    // an answer it can act on (refresh the roots) instead of a stack trace.
    note(f, `unexpected error: ${errorText(err)}`)
    return unknownResult(f, `${ctx.eventName} event`)
  }
}

type Detector = (
  f: Finder,
  payload: Record<string, unknown>
) => Promise<ChangeSet>

// A Map, not an object literal: an event named 'constructor' must not find
// Object's prototype.
const DETECTORS = new Map<string, Detector>([
  ['push', detectPush],
  ['pull_request', detectPull],
  ['pull_request_target', detectPull]
])

async function finder(ctx: ChangeContext): Promise<Finder> {
  const rest = createRest({
    token: ctx.token,
    apiUrl: ctx.apiUrl || 'https://api.github.com',
    repository: ctx.repository
  })
  const f: Finder = {
    git: null,
    rest: typeof rest === 'string' ? null : rest,
    restMissing: typeof rest === 'string' ? rest : '',
    log: ctx.log,
    notes: []
  }
  f.git = await usableGit(f, ctx.workspace)
  return f
}

async function usableGit(f: Finder, workspace: string): Promise<Git | null> {
  if (workspace === '') {
    note(f, 'no workspace to run git in')
    return null
  }
  const git = new Git(workspace)
  const problem = await git.problem()
  if (problem) note(f, `git cannot be used in the workspace (${problem})`)
  return problem ? null : git
}
