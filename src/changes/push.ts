// A push: the files that differ between the trees of `before` and `after`.
import type { ChangeSet } from '../types'
import { counted } from '../words'
import { filesOfCommits } from './commits'
import {
  type Finder,
  type Found,
  filesResult,
  note,
  unknownResult
} from './finder'
import { errorText, field, isSha, isZeroSha, short } from './paths'
import { compare, restRange, restRangeFiles } from './range'
import type { Comparison } from './rest'

// GitHub lists at most 2048 commits in a push payload; a list that long may
// have been cut short.
const PAYLOAD_COMMIT_CAP = 2048

interface Push {
  before: string
  after: string
  label: string
  /** Ids of the commits the payload lists (id and message only: fact 1). */
  commits: string[]
}

export async function detectPush(
  f: Finder,
  payload: Record<string, unknown>
): Promise<ChangeSet> {
  const after = payload.after
  if (payload.deleted === true || isZeroSha(after)) {
    return { kind: 'deleted-branch', source: 'the push deleted a branch' }
  }
  if (!isSha(after)) {
    note(f, 'the push payload has no "after" commit')
    return unknownResult(f, 'push without a commit range')
  }
  const push = readPush(payload, after)
  // F18: a new branch has no `before` to diff against (forty zeros).
  if (!isSha(payload.before)) {
    const what = isZeroSha(payload.before) ? 'new branch' : 'push, no "before"'
    return newBranch(f, push, what)
  }
  const found =
    (await byGit(f, push)) ??
    (await byRest(f, push)) ??
    (await byPushedCommits(f, push))
  return found
    ? filesResult(found)
    : unknownResult(f, `${push.label}: no source could list its files`)
}

function readPush(payload: Record<string, unknown>, after: string): Push {
  const commits = Array.isArray(payload.commits) ? payload.commits : []
  return {
    before: isSha(payload.before) ? payload.before : '',
    after,
    label: payload.forced === true ? 'forced push' : 'push',
    commits: commits.map(c => field(c, 'id')).filter(isSha)
  }
}

async function newBranch(
  f: Finder,
  push: Push,
  source: string
): Promise<ChangeSet> {
  if (push.commits.length === 0) {
    note(
      f,
      'the push lists no commits and has no earlier commit to diff against'
    )
    return unknownResult(f, source)
  }
  const found = await pushedCommits(f, push, source)
  return found ? filesResult(found) : unknownResult(f, source)
}

/** git diff of the two trees: right for a forced push too (not merge-base). */
async function byGit(f: Finder, push: Push): Promise<Found | null> {
  const { before, after } = push
  const range = `${short(before)}..${short(after)}`
  if (!f.git) return null
  const missing = []
  for (const sha of [before, after]) {
    if (!(await f.git.hasCommit(sha))) missing.push(short(sha))
  }
  if (missing.length > 0) {
    note(
      f,
      `git in the workspace lacks ${missing.join(' and ')} (shallow clone?)`
    )
    return null
  }
  try {
    const files = await f.git.diffTrees(before, after)
    return { files, source: `git diff ${range} (${push.label})` }
  } catch (err) {
    note(f, `git diff ${range} failed (${errorText(err)})`)
    return null
  }
}

async function byRest(f: Finder, push: Push): Promise<Found | null> {
  const cmp = await compare(f, push.before, push.after)
  if (!cmp) return null
  if (cmp.status === 'ahead' || cmp.status === 'identical') {
    return restRangeFiles(f, push.before, push.after, cmp)
  }
  return notAncestor(f, push, cmp)
}

/** REST compare diffs from the merge base M. When `before` is not an
 * ancestor of `after` (a forced push), M..after misses what the replaced
 * commits M..before changed. Any file that differs between the two trees
 * differs between M and one of them, so both sides together cover the tree
 * diff (a superset: a file changed and changed back on one side is added). */
async function notAncestor(
  f: Finder,
  push: Push,
  cmp: Comparison
): Promise<Found | null> {
  const { before, after } = push
  f.log.warning(
    `${short(before)} is not an ancestor of ${short(after)} (${push.label}) and git cannot diff them: adding the files of the replaced commits, compared the other way round.`
  )
  const pushed = await restRangeFiles(f, before, after, cmp)
  const replaced = pushed && (await restRange(f, after, before))
  if (!pushed || !replaced) return null
  return {
    files: [...pushed.files, ...replaced.files],
    source: `${pushed.source} + ${replaced.source} (${push.label}, ${short(before)} not an ancestor)`
  }
}

/** Last resort when the range cannot be diffed (e.g. `before` is gone after
 * a force push): the commits the payload lists. */
async function byPushedCommits(f: Finder, push: Push): Promise<Found | null> {
  if (push.commits.length === 0) {
    note(f, 'the push payload lists no commits to read instead')
    return null
  }
  const found = await pushedCommits(
    f,
    push,
    `${push.label}, range not readable`
  )
  if (!found) return null
  const lost =
    push.label === 'forced push'
      ? ': files changed only by the replaced commits are not included'
      : ''
  f.log.warning(
    `Could not diff ${short(push.before)}..${short(push.after)}; using the ${counted(push.commits.length, 'commit')} the push lists instead${lost}.`
  )
  return found
}

async function pushedCommits(
  f: Finder,
  push: Push,
  why: string
): Promise<Found | null> {
  if (push.commits.length >= PAYLOAD_COMMIT_CAP) {
    note(
      f,
      `the push lists ${push.commits.length} commits, GitHub's cap, so some may be missing`
    )
    return null
  }
  return filesOfCommits(f, push.commits, why)
}
