// The directories of the site in the working tree, so the planner can tell
// what refreshing a parent directory would cover.
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

// A large static site has a few thousand directories; 50,000 is far beyond
// that, and walking that many already takes seconds.
export const SITE_DIRS_LIMIT = 50_000

/**
 * Every directory under `workspace/root`, relative to root ('' is root
 * itself), sorted; `.git` is skipped and symbolic links are not followed (a
 * link loop cannot trap the walk). Unreadable directories are listed but not
 * entered.
 *
 * null when the folder does not exist, and also when it holds more than
 * `limit` directories: a partial list would make the planner's costs wrong,
 * so the caller must treat the tree as unknown rather than small.
 */
export async function listSiteDirs(
  workspace: string,
  root: string,
  limit = SITE_DIRS_LIMIT
): Promise<string[] | null> {
  if (workspace === '') return null
  const top = join(workspace, root)
  if (!(await isDirectory(top))) return null
  const found = ['']
  // Breadth first, so the limit trips before a deep corner is exhausted.
  for (let i = 0; i < found.length; i++) {
    for (const name of await subdirs(join(top, found[i]))) {
      found.push(found[i] === '' ? name : `${found[i]}/${name}`)
      if (found.length > limit) return null
    }
  }
  return found.sort()
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}

async function subdirs(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true })
    return entries
      .filter(entry => entry.isDirectory() && entry.name !== '.git')
      .map(entry => entry.name)
  } catch {
    return []
  }
}
