// A pull request: what the PR changes, i.e. the diff from the merge base of
// base and head to head (`base...head`).
import type { ChangeSet } from '../types'
import {
  type Finder,
  type Found,
  filesResult,
  note,
  unknownResult
} from './finder'
import { errorText, field, isSha, short } from './paths'
import { restRange } from './range'

export async function detectPull(
  f: Finder,
  payload: Record<string, unknown>
): Promise<ChangeSet> {
  const pr = field(payload, 'pull_request')
  const base = field(field(pr, 'base'), 'sha')
  const head = field(field(pr, 'head'), 'sha')
  if (!isSha(base) || !isSha(head)) {
    note(f, 'the payload has no pull_request.base.sha / head.sha')
    return unknownResult(f, 'pull request without commits')
  }
  const found = (await byGit(f, base, head)) ?? (await restRange(f, base, head))
  return found
    ? filesResult(found)
    : unknownResult(f, 'pull request: no source could list its files')
}

async function byGit(
  f: Finder,
  base: string,
  head: string
): Promise<Found | null> {
  const range = `${short(base)}...${short(head)}`
  if (!f.git) return null
  // A shallow checkout may hold both tips but not their merge base.
  const mergeBase =
    (await f.git.hasCommit(base)) && (await f.git.hasCommit(head))
      ? await f.git.mergeBase(base, head)
      : null
  if (!mergeBase) {
    note(
      f,
      `git in the workspace cannot find the merge base of ${range} (shallow clone?)`
    )
    return null
  }
  try {
    const files = await f.git.diffTrees(mergeBase, head)
    return { files, source: `git diff ${range} (pull request)` }
  } catch (err) {
    note(f, `git diff ${range} failed (${errorText(err)})`)
    return null
  }
}
