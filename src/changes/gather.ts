import { readFileSync } from 'node:fs'
import type { ActionCore } from '../core'
import { isTemplate, type PlanInput } from '../plan'
import type { Settings } from '../types'
import { detectChanges } from './index'
import { isZeroSha } from './paths'
import { listSiteDirs, selectSiteFiles } from './select'

/** What the plan needs to know about the change, and what the report says of it. */
export interface Changes {
  /** The push deleted a branch: there is nothing to refresh. */
  deletedBranch: boolean
  templates: PlanInput['templates']
  /** Directories under the site root in the working tree, for widening costs. */
  knownDirs: string[] | null
  /** One line: where the changed files came from and how many counted. */
  source?: string
  notes: string[]
}

/**
 * Finds the changed files when a `dirs` line is a template; literal-only
 * runs skip detection (and git, and the REST API) entirely.
 */
export async function gatherChanges(
  settings: Settings,
  env: NodeJS.ProcessEnv,
  core: ActionCore
): Promise<Changes> {
  const { eventName, payload } = readEvent(env, core)
  const none: Changes = {
    deletedBranch: false,
    templates: { kind: 'skip' },
    knownDirs: null,
    notes: []
  }
  if (!settings.dirs.some(isTemplate)) {
    warnUnusedFilters(settings, core)
    return { ...none, deletedBranch: isBranchDeletion(eventName, payload) }
  }

  const change = await detectChanges({
    eventName,
    payload,
    workspace: env.GITHUB_WORKSPACE ?? '',
    repository: env.GITHUB_REPOSITORY ?? '',
    token: settings.githubToken,
    apiUrl: env.GITHUB_API_URL ?? '',
    files: settings.files,
    log: core
  })

  // Whatever happened, one line says where the files came from.
  if (change.kind !== 'files') core.info(`Changed files: ${change.source}.`)
  switch (change.kind) {
    case 'deleted-branch':
      return { ...none, deletedBranch: true, source: change.source }
    case 'no-range': {
      const text = `Templated lines in 'dirs' were skipped: a ${eventName || 'manual'} run has no pushed commits to take changed files from. List them in the 'files' input to refresh their directories.`
      core.warning(text)
      return { ...none, source: change.source, notes: [text] }
    }
    case 'unknown': {
      const text = `Could not tell which files changed (${change.reason}), so each template refreshes its root directory instead.`
      core.warning(text)
      return {
        ...none,
        templates: { kind: 'root' },
        source: change.source,
        notes: [text]
      }
    }
    case 'files':
      return siteFiles(change.files, change.source, settings, env, core)
  }
}

async function siteFiles(
  files: string[],
  source: string,
  settings: Settings,
  env: NodeJS.ProcessEnv,
  core: ActionCore
): Promise<Changes> {
  const { counted } = selectSiteFiles(files, settings, core)
  const where = settings.root ? ` under '${settings.root}'` : ''
  const line = `${source}: ${files.length} changed ${files.length === 1 ? 'file' : 'files'}, ${counted.length} counted${where}`
  core.info(`Changed files: ${line}.`)
  const workspace = env.GITHUB_WORKSPACE ?? ''
  const knownDirs =
    workspace && counted.length > 0
      ? await listSiteDirs(workspace, settings.root)
      : null
  return {
    deletedBranch: false,
    templates: { kind: 'files', files: counted },
    knownDirs,
    source: line,
    notes: []
  }
}

/** root, include, exclude and files only shape template lines: say so when unused. */
function warnUnusedFilters(settings: Settings, core: ActionCore): void {
  const set = [
    settings.root && 'root',
    settings.include.length > 0 && 'include',
    settings.exclude.length > 0 && 'exclude',
    settings.files && 'files'
  ].filter(Boolean)
  if (set.length === 0) return
  core.warning(
    `${set.map(name => `'${name}'`).join(', ')} ${set.length === 1 ? 'applies' : 'apply'} only to template lines of 'dirs' (with {dir}), and every line is a literal URL: ${set.length === 1 ? 'it was' : 'they were'} not used.`
  )
}

interface Event {
  eventName: string
  payload: Record<string, unknown>
}

/** The event as the runner wrote it; a missing or broken file is an empty payload. */
function readEvent(env: NodeJS.ProcessEnv, core: ActionCore): Event {
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  const path = env.GITHUB_EVENT_PATH
  if (!path) return { eventName, payload: {} }
  try {
    // A byte-order mark is not JSON, but some tools write one.
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '')
    const payload: unknown = JSON.parse(text)
    return {
      eventName,
      payload:
        payload && typeof payload === 'object'
          ? (payload as Record<string, unknown>)
          : {}
    }
  } catch (error) {
    core.warning(`Could not read the event file ${path}: ${String(error)}`)
    return { eventName, payload: {} }
  }
}

function isBranchDeletion(
  eventName: string,
  payload: Record<string, unknown>
): boolean {
  if (eventName !== 'push') return false
  return payload.deleted === true || isZeroSha(payload.after)
}
