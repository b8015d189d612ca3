// A small stand-in for the GitHub REST API on loopback, answering from a real
// git repository: the compare and single-commit endpoints, with GitHub's caps
// (300 files per compare, commits paged; a commit's files paged, 3000 max).
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { git } from './git-repo'

export interface Request {
  path: string
  query: URLSearchParams
}

interface RestFile {
  filename: string
  status: string
  previous_filename?: string
}

export class FakeGitHub {
  readonly requests: Request[] = []
  /** Answers forced by tests: the first rule whose pattern matches wins. */
  private failures: { pattern: RegExp; status: number }[] = []
  private constructor(
    private readonly server: Server,
    private readonly repoDir: string,
    private readonly token: string
  ) {}

  static async start(
    repoDir: string,
    token = 'test-token'
  ): Promise<FakeGitHub> {
    const server = createServer()
    const fake = new FakeGitHub(server, repoDir, token)
    server.on('request', (req, res) => {
      fake
        .handle(req, res)
        .catch((err: Error) => send(res, 500, { message: err.message }))
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    return fake
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo
    return `http://127.0.0.1:${port}`
  }

  /** Makes requests whose path matches answer `status` from now on. */
  fail(status: number, pattern = /./): void {
    this.failures.push({ pattern, status })
  }

  count(pattern: RegExp = /./): number {
    return this.requests.filter(r => pattern.test(r.path)).length
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x')
    const path = decodeURIComponent(url.pathname)
    this.requests.push({ path, query: url.searchParams })
    const forced = this.failures.find(f => f.pattern.test(path))
    if (forced)
      return send(res, forced.status, { message: `forced ${forced.status}` })
    if (req.headers.authorization !== `token ${this.token}`) {
      return send(res, 401, { message: 'Bad credentials' })
    }
    const compare =
      /^\/repos\/[^/]+\/[^/]+\/compare\/([^/]+)\.\.\.([^/]+)$/.exec(path)
    if (compare)
      return this.compare(res, compare[1], compare[2], url.searchParams)
    const commit = /^\/repos\/[^/]+\/[^/]+\/commits\/([^/]+)$/.exec(path)
    if (commit) return this.commit(res, commit[1], url.searchParams)
    send(res, 404, { message: 'Not Found' })
  }

  private async compare(
    res: ServerResponse,
    base: string,
    head: string,
    query: URLSearchParams
  ): Promise<void> {
    // merge-base fails for a missing commit (or no common history): 404.
    const mergeBase = await this.attempt('merge-base', base, head)
    if (mergeBase === null) return send(res, 404, { message: 'Not Found' })
    const commits = await this.lines(
      'rev-list',
      '--reverse',
      `${base}..${head}`
    )
    const behind = await this.lines('rev-list', `${head}..${base}`)
    const status = compareStatus(commits.length, behind.length)
    const paged = query.has('page') || query.has('per_page')
    const page = Number(query.get('page') ?? 1)
    const perPage = Math.min(Number(query.get('per_page') ?? 30), 100)
    // Unpaged, GitHub returns the last 250 commits; paged, oldest first.
    const shown = paged
      ? commits.slice((page - 1) * perPage, page * perPage)
      : commits.slice(-250)
    const files = page === 1 ? await this.changes([mergeBase, head]) : []
    send(res, 200, {
      status,
      ahead_by: commits.length,
      behind_by: behind.length,
      total_commits: commits.length,
      merge_base_commit: { sha: mergeBase },
      commits: shown.map(sha => ({ sha, commit: { message: 'm' } })),
      files: files.slice(0, 300)
    })
  }

  private async commit(
    res: ServerResponse,
    sha: string,
    query: URLSearchParams
  ): Promise<void> {
    const line = await this.attempt('rev-list', '--parents', '-n', '1', sha)
    if (line === null) {
      return send(res, 404, { message: 'No commit found for SHA' })
    }
    const parents = line.split(' ').slice(1)
    const files = (
      await this.changes(parents.length ? [parents[0], sha] : ['--root', sha])
    ).slice(0, 3000)
    const page = Number(query.get('page') ?? 1)
    const perPage = Math.min(Number(query.get('per_page') ?? 300), 100)
    const shown = files.slice((page - 1) * perPage, page * perPage)
    send(res, 200, {
      sha,
      parents: parents.map(p => ({ sha: p })),
      files: shown
    })
  }

  /** Files with GitHub's statuses; renames detected as GitHub does. */
  private async changes(range: string[]): Promise<RestFile[]> {
    const out = await this.git(
      'diff-tree',
      '-r',
      '-z',
      '-M',
      '--name-status',
      '--no-commit-id',
      ...range
    )
    const parts = out.split('\0').filter(Boolean)
    const files: RestFile[] = []
    for (let i = 0; i < parts.length; i++) {
      const code = parts[i][0]
      if (code === 'R') {
        files.push({
          filename: parts[i + 2],
          status: 'renamed',
          previous_filename: parts[i + 1]
        })
        i += 2
      } else {
        files.push({
          filename: parts[i + 1],
          status: STATUS[code] ?? 'changed'
        })
        i += 1
      }
    }
    return files
  }

  /** Trimmed output, or null when git fails (an unknown commit). */
  private async attempt(...args: string[]): Promise<string | null> {
    try {
      return (await this.git(...args)).trim()
    } catch {
      return null
    }
  }

  private git(...args: string[]): Promise<string> {
    return git(this.repoDir, args)
  }

  private async lines(...args: string[]): Promise<string[]> {
    return (await this.git(...args)).split('\n').filter(Boolean)
  }
}

const STATUS: Record<string, string> = {
  A: 'added',
  M: 'modified',
  D: 'removed',
  T: 'changed'
}

function compareStatus(ahead: number, behind: number): string {
  if (ahead && behind) return 'diverged'
  if (ahead) return 'ahead'
  return behind ? 'behind' : 'identical'
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(body))
}
