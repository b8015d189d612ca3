// Scripted git repositories in temp folders, driven by the real git binary.
import { execFile } from 'node:child_process'
import {
  mkdtemp,
  mkdir,
  rm,
  writeFile,
  rename,
  realpath
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

// Fixed identity and dates: tests must not depend on the machine's config.
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0'
}

export function git(
  cwd: string,
  args: string[],
  input?: string,
  env: Record<string, string> = {}
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      { cwd, env: { ...ENV, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err)
          reject(new Error(`git ${args.join(' ')}: ${stderr || err.message}`))
        else resolve(stdout)
      }
    )
    if (input !== undefined) child.stdin?.end(input)
  })
}

/** Paths to content; null deletes the file. */
export type Changes = Record<string, string | null>

export class GitRepo {
  // Commit dates tick one second per git call: a child older than its parent
  // (clock skew) can make `rev-list a..b` give wrong answers.
  private clock = 1_700_000_000

  private constructor(readonly dir: string) {}

  static async init(): Promise<GitRepo> {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'changes-repo-')))
    await git(dir, ['init', '-q', '-b', 'main'])
    await git(dir, ['config', 'commit.gpgsign', 'false'])
    return new GitRepo(dir)
  }

  git(...args: string[]): Promise<string> {
    const date = `@${++this.clock} +0000`
    return git(this.dir, args, undefined, {
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date
    })
  }

  async write(changes: Changes): Promise<void> {
    for (const [path, content] of Object.entries(changes)) {
      const full = join(this.dir, path)
      if (content === null) {
        await rm(full, { force: true })
      } else {
        await mkdir(dirname(full), { recursive: true })
        await writeFile(full, content)
      }
    }
  }

  async move(from: string, to: string): Promise<void> {
    await mkdir(dirname(join(this.dir, to)), { recursive: true })
    await rename(join(this.dir, from), join(this.dir, to))
  }

  /** Writes the changes, stages everything and commits; returns the sha. */
  async commit(changes: Changes = {}, message = 'change'): Promise<string> {
    await this.write(changes)
    await this.git('add', '-A')
    await this.git('commit', '-q', '--allow-empty', '-m', message)
    return this.head()
  }

  async head(): Promise<string> {
    return (await this.git('rev-parse', 'HEAD')).trim()
  }

  /** Many commits quickly (one git process): each entry is one commit on
   * top of HEAD. The working tree is then reset to the new HEAD. */
  async commitMany(commits: Changes[]): Promise<string[]> {
    const branch = (await this.git('symbolic-ref', '--short', 'HEAD')).trim()
    const parent = await this.head()
    let stream = ''
    commits.forEach((changes, i) => {
      stream += `commit refs/heads/${branch}\nmark :${i + 1}\n`
      stream += `committer Test <test@example.com> ${++this.clock} +0000\n`
      stream += `data ${Buffer.byteLength(`bulk ${i}`)}\nbulk ${i}\n`
      stream += i === 0 ? `from ${parent}\n` : `from :${i}\n`
      for (const [path, content] of Object.entries(changes)) {
        stream +=
          content === null ? `D ${quotePath(path)}\n` : fileLine(path, content)
      }
      stream += '\n'
    })
    await git(this.dir, ['fast-import', '--quiet'], stream)
    await this.git('reset', '-q', '--hard', branch)
    const shas = await this.git('rev-list', '--reverse', `${parent}..HEAD`)
    return shas.trim().split('\n')
  }

  /** `git clone --depth N file://…` (or a full clone with depth 0). */
  async clone(
    opts: { depth?: number; branch?: string } = {}
  ): Promise<GitRepo> {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'changes-clone-')))
    const args = ['clone', '-q']
    if (opts.depth) args.push('--depth', String(opts.depth))
    if (opts.branch) args.push('--branch', opts.branch)
    await git(dir, [...args, `file://${this.dir}`, '.'])
    return new GitRepo(dir)
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}

function fileLine(path: string, content: string): string {
  const size = Buffer.byteLength(content)
  return `M 100644 inline ${quotePath(path)}\ndata ${size}\n${content}\n`
}

/** fast-import takes C-style quoted paths. */
function quotePath(path: string): string {
  return JSON.stringify(path)
}

export const ZERO = '0'.repeat(40)
