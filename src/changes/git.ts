// Reads changed paths from the checked-out repository. Plumbing commands
// only (diff-tree, cat-file, merge-base): their output does not depend on the
// user's git config (diff.renames, external diff tools, colours).
import { execFile } from 'node:child_process'

// The path list of a huge monorepo diff is a few MB; a short buffer would cut
// it off and lose files, so allow far more than any real diff needs.
const MAX_BUFFER = 512 * 1024 * 1024
// A local plumbing command finishes in well under a second; this only stops a
// hung git (a lazy fetch in a partial clone, a lock) from stalling the step.
const TIMEOUT_MS = 120_000

export class Git {
  constructor(private readonly cwd: string) {}

  /** Runs git without a shell (F2: nothing is expanded), -z friendly. */
  run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const env = { ...process.env, GIT_TERMINAL_PROMPT: '0' }
      const opts = { cwd: this.cwd, env, maxBuffer: MAX_BUFFER }
      execFile('git', args, { ...opts, timeout: TIMEOUT_MS }, (err, out) => {
        if (err) reject(err)
        else resolve(out)
      })
    })
  }

  /** Why git cannot be used here (no repository, "dubious ownership" in a
   * container job…), or null when it can. */
  async problem(): Promise<string | null> {
    try {
      await this.run(['rev-parse', '--git-dir'])
      return null
    } catch (err) {
      const stderr = String((err as { stderr?: unknown }).stderr ?? '')
      const first = stderr.split('\n').find(line => line.trim() !== '')
      return first?.trim() ?? (err as Error).message
    }
  }

  async hasCommit(sha: string): Promise<boolean> {
    try {
      await this.run(['cat-file', '-e', `${sha}^{commit}`])
      return true
    } catch {
      return false
    }
  }

  /** Paths that differ between the trees of two commits (not merge-base).
   * --no-renames reports a rename as a delete plus an add, so both the old
   * and the new path come back (F27). -z: no quoting, no octal (fact 5). */
  async diffTrees(from: string, to: string): Promise<string[]> {
    return splitZ(await this.run([...DIFF_TREE, from, to]))
  }

  /** The files one commit changed against its first parent; null when git
   * cannot tell (commit or its parent missing, e.g. at a shallow boundary). */
  async commitFiles(sha: string): Promise<string[] | null> {
    const parents = await this.parents(sha)
    if (parents === null) return null
    if (parents.length === 0) {
      return splitZ(await this.run([...DIFF_TREE, '--root', sha]))
    }
    if (!(await this.hasCommit(parents[0]))) return null
    return this.diffTrees(parents[0], sha)
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    try {
      return (await this.run(['merge-base', a, b])).trim() || null
    } catch {
      return null
    }
  }

  /** Parents as recorded in the commit object itself. A shallow clone grafts
   * its boundary commits as parentless, so `rev-list --parents` would make
   * them look like root commits and list their whole tree. */
  private async parents(sha: string): Promise<string[] | null> {
    let raw: string
    try {
      raw = await this.run(['cat-file', 'commit', sha])
    } catch {
      return null
    }
    const header = raw.slice(0, raw.indexOf('\n\n'))
    return header
      .split('\n')
      .filter(line => line.startsWith('parent '))
      .map(line => line.slice('parent '.length).trim())
  }
}

const DIFF_TREE = [
  'diff-tree',
  '-r',
  '-z',
  '--name-only',
  '--no-renames',
  '--no-commit-id'
]

function splitZ(output: string): string[] {
  return output.split('\0').filter(path => path !== '')
}
