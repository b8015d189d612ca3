// The files of a list of commits, each against its first parent: git for
// the commits the checkout has, REST for the others.
import { counted } from '../words'
import { type Finder, type Found, note } from './finder'
import { errorText } from './paths'

// GITHUB_TOKEN may make 1,000 REST requests an hour per repository; reading
// more commits than this one by one would eat that budget for one step.
export const MAX_REST_COMMITS = 250

/** null when some commit could not be read: a partial list would silently
 * lose files, so the caller falls back instead. */
export async function filesOfCommits(
  f: Finder,
  shas: string[],
  why: string
): Promise<Found | null> {
  const files: string[] = []
  const missing: string[] = []
  for (const sha of shas) {
    const got = await gitCommitFiles(f, sha)
    if (got) files.push(...got)
    else missing.push(sha)
  }
  if (missing.length > 0) {
    const got = await restCommitFiles(f, missing)
    if (!got) return null
    files.push(...got)
  }
  const how = missing.length === 0 ? 'git' : 'REST'
  const mixed = missing.length > 0 && missing.length < shas.length
  const source = `${mixed ? 'git and REST' : how}, ${counted(shas.length, 'commit')} one by one (${why})`
  return { files, source }
}

async function gitCommitFiles(
  f: Finder,
  sha: string
): Promise<string[] | null> {
  if (!f.git) return null
  try {
    return await f.git.commitFiles(sha)
  } catch (err) {
    f.log.debug(`git could not list the files of ${sha}: ${errorText(err)}`)
    return null
  }
}

async function restCommitFiles(
  f: Finder,
  shas: string[]
): Promise<string[] | null> {
  const rest = f.rest
  const why = f.git ? 'not readable by git' : 'need REST (no checkout)'
  const lacking = `${counted(shas.length, 'commit')} ${why}`
  if (!rest) {
    note(f, `${lacking} and ${f.restMissing}`)
    return null
  }
  if (shas.length > MAX_REST_COMMITS) {
    note(
      f,
      `${lacking}, more than the ${MAX_REST_COMMITS} this action reads one by one over REST`
    )
    return null
  }
  // One request at a time: GitHub's REST guidance asks for serial requests
  // to stay clear of its secondary rate limits.
  const files: string[] = []
  try {
    for (const sha of shas) files.push(...(await rest.commitFiles(sha)))
    return files
  } catch (err) {
    note(f, `REST could not list the files of a commit (${errorText(err)})`)
    return null
  }
}
