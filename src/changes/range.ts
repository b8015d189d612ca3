// The files of a commit range over REST, cap included (fact 2, F21).
import { filesOfCommits, MAX_REST_COMMITS } from './commits'
import { type Finder, type Found, note } from './finder'
import { errorText, short } from './paths'
import { type Comparison, COMPARE_FILE_CAP } from './rest'

/** `base...head` from their merge base, as REST compares. */
export async function restRange(
  f: Finder,
  base: string,
  head: string
): Promise<Found | null> {
  const cmp = await compare(f, base, head)
  return cmp && restRangeFiles(f, base, head, cmp)
}

export async function compare(
  f: Finder,
  base: string,
  head: string
): Promise<Comparison | null> {
  if (!f.rest) {
    note(f, f.restMissing)
    return null
  }
  try {
    const cmp = await f.rest.compare(base, head)
    const range = `${short(base)}...${short(head)}`
    f.log.debug(
      `REST compare ${range}: ${cmp.status}, ${cmp.files.length} paths, ${cmp.totalCommits} commits`
    )
    return cmp
  } catch (err) {
    note(
      f,
      `REST compare ${short(base)}...${short(head)} failed (${errorText(err)})`
    )
    return null
  }
}

/** The compare answer's files, or, when it hit its cap, the union of the
 * files of every commit of the range. */
export async function restRangeFiles(
  f: Finder,
  base: string,
  head: string,
  cmp: Comparison
): Promise<Found | null> {
  if (!cmp.capped) {
    return {
      files: cmp.files,
      source: `REST compare ${short(base)}...${short(head)}`
    }
  }
  f.log.warning(
    `The compare answer for ${short(base)}...${short(head)} stops at ${COMPARE_FILE_CAP} files; reading its ${cmp.totalCommits} commits one by one instead.`
  )
  const shas = await rangeCommits(f, base, head, cmp)
  const why = `compare capped at ${COMPARE_FILE_CAP} files`
  const found = shas && (await filesOfCommits(f, shas, why))
  return (
    found && { files: [...cmp.files, ...found.files], source: found.source }
  )
}

/** Every commit of the range, or null if not all could be listed. */
export async function rangeCommits(
  f: Finder,
  base: string,
  head: string,
  cmp: Comparison
): Promise<string[] | null> {
  const range = `${short(base)}...${short(head)}`
  if (!f.rest) return null
  if (cmp.totalCommits > MAX_REST_COMMITS) {
    note(
      f,
      `${range} has ${cmp.totalCommits} commits, more than the ${MAX_REST_COMMITS} this action reads one by one over REST`
    )
    return null
  }
  try {
    const shas = await f.rest.rangeCommits(base, head, cmp)
    if (shas.length >= cmp.totalCommits) return shas
    note(
      f,
      `REST listed ${shas.length} of the ${cmp.totalCommits} commits of ${range}`
    )
  } catch (err) {
    note(f, `REST could not list the commits of ${range} (${errorText(err)})`)
  }
  return null
}
