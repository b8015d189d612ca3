// Reads changed paths from the GitHub REST API, for when the checkout lacks
// the commits (fact 4: `fetch-depth: 1` is the default).
import type { getOctokit } from '@actions/github'
import { errorText, field } from './paths'

type Octokit = ReturnType<typeof getOctokit>

// GitHub documents both caps: a compare answer lists at most 300 files, and
// the single-commit answer pages its files up to 3000.
export const COMPARE_FILE_CAP = 300
export const COMMIT_FILE_CAP = 3000
// The largest page GitHub serves for commits and for a commit's files.
const PAGE_SIZE = 100
// No single answer should take this long; a hung request must not hold the
// step (GitHub itself gives up on a request after 10 s).
const REQUEST_TIMEOUT_MS = 30_000

const COMPARE = 'GET /repos/{owner}/{repo}/compare/{basehead}'
const COMMIT = 'GET /repos/{owner}/{repo}/commits/{ref}'

export interface Comparison {
  /** 'ahead' and 'identical' mean base is an ancestor of head. */
  status: string
  /** Both paths of a rename; possibly capped (see `capped`). */
  files: string[]
  capped: boolean
  totalCommits: number
  /** The first page of the range's commits (oldest first). */
  commits: string[]
}

/** A REST failure, reduced to one line (no stack trace reaches the log). */
export class RestError extends Error {
  constructor(
    readonly status: number | null,
    message: string
  ) {
    super(message)
    this.name = 'RestError'
  }
}

export interface RestOptions {
  token: string
  apiUrl: string
  repository: string
}

export class Rest {
  private client?: Promise<Octokit>
  // After a rejected token or a dead network every further call would fail
  // the same way; remember it instead of spending requests (and time).
  private fatal?: RestError
  private readonly owner: string
  private readonly repo: string

  constructor(private readonly opts: RestOptions) {
    ;[this.owner, this.repo] = opts.repository.split('/')
  }

  /** Compares `base...head` (from their merge base, as GitHub does). */
  async compare(base: string, head: string): Promise<Comparison> {
    const data = await this.get(COMPARE, {
      basehead: `${base}...${head}`,
      per_page: PAGE_SIZE,
      page: 1
    })
    // A compare answer without a file list is not "nothing changed".
    if (!Array.isArray(field(data, 'files'))) {
      throw new RestError(null, 'the compare answer lists no files')
    }
    const files = filePaths(field(data, 'files'))
    const listed = asArray(field(data, 'files')).length
    return {
      status: String(field(data, 'status') ?? ''),
      files,
      capped: listed >= COMPARE_FILE_CAP,
      totalCommits: Number(field(data, 'total_commits') ?? 0),
      commits: commitShas(field(data, 'commits'))
    }
  }

  /** Every commit of `base...head`. Compare pages commits (not files), so
   * the pages after the first are fetched only when asked for. */
  async rangeCommits(
    base: string,
    head: string,
    first: Comparison
  ): Promise<string[]> {
    const shas = [...first.commits]
    let last = first.commits.length
    for (let page = 2; shas.length < first.totalCommits; page++) {
      if (last < PAGE_SIZE) break
      const data = await this.get(COMPARE, {
        basehead: `${base}...${head}`,
        per_page: PAGE_SIZE,
        page
      })
      const more = commitShas(field(data, 'commits'))
      shas.push(...more)
      last = more.length
    }
    return shas
  }

  /** The files of one commit against its first parent, all pages. */
  async commitFiles(sha: string): Promise<string[]> {
    const paths: string[] = []
    let listed = 0
    for (let page = 1; listed < COMMIT_FILE_CAP; page++) {
      const data = await this.get(COMMIT, {
        ref: sha,
        per_page: PAGE_SIZE,
        page
      })
      const files = field(data, 'files')
      paths.push(...filePaths(files))
      listed += asArray(files).length
      if (asArray(files).length < PAGE_SIZE) return paths
    }
    throw new RestError(
      null,
      `commit ${sha.slice(0, 7)} lists ${COMMIT_FILE_CAP} files, GitHub's limit: more may be missing`
    )
  }

  private async get(
    route: string,
    params: Record<string, string | number>
  ): Promise<unknown> {
    if (this.fatal) throw this.fatal
    try {
      const octokit = await this.octokit()
      const response = await octokit.request(route, {
        owner: this.owner,
        repo: this.repo,
        ...params,
        request: { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }
      })
      return response.data
    } catch (err) {
      throw this.remember(toRestError(err, this.opts.token))
    }
  }

  // Loaded on first use: runs that git can serve never pay for Octokit.
  private octokit(): Promise<Octokit> {
    this.client ??= import('@actions/github').then(({ getOctokit }) =>
      getOctokit(this.opts.token, {
        baseUrl: this.opts.apiUrl.replace(/\/+$/, '')
      })
    )
    return this.client
  }

  private remember(err: RestError): RestError {
    const hopeless = err.status === null || [401, 403, 429].includes(err.status)
    if (hopeless) this.fatal = err
    return err
  }
}

/** A Rest client, or the reason there can be none. */
export function createRest(opts: RestOptions): Rest | string {
  if (opts.token === '') return 'no github-token for the REST API'
  if (!/^[^/\s]+\/[^/\s]+$/.test(opts.repository)) {
    return 'GITHUB_REPOSITORY is not set, so the REST API cannot be asked'
  }
  return new Rest(opts)
}

function toRestError(err: unknown, token: string): RestError {
  if (err instanceof RestError) return err
  const status = field(err, 'status')
  const response = field(err, 'response')
  if (typeof status === 'number' && response !== undefined) {
    const said = field(field(response, 'data'), 'message')
    // Blank the token, should an error message ever echo it.
    const text =
      typeof said !== 'string'
        ? ''
        : token
          ? said.split(token).join('***')
          : said
    const detail = text ? `: ${text}` : ''
    return new RestError(status, `HTTP ${status}${detail}`)
  }
  return new RestError(null, `network error: ${errorText(err)}`)
}

/** Paths of a REST `files` list; a rename gives both of its paths (F27). */
function filePaths(files: unknown): string[] {
  const paths: string[] = []
  for (const file of asArray(files)) {
    const name = field(file, 'filename')
    if (typeof name === 'string') paths.push(name)
    const before = field(file, 'previous_filename')
    if (field(file, 'status') === 'renamed' && typeof before === 'string') {
      paths.push(before)
    }
  }
  return paths
}

function commitShas(commits: unknown): string[] {
  return asArray(commits)
    .map(commit => field(commit, 'sha'))
    .filter((sha): sha is string => typeof sha === 'string')
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}
