// The data that flows through the action, one way:
// settings → changed files → plan → submit → report.

export type ApiVersion = '2.0' | '3.0'

export interface Credentials {
  secretId: string
  secretKey: string
  /** Token of temporary credentials; '' when not set (then never sent). */
  sessionToken: string
}

/** Every input, read and validated once (src/settings). */
export interface Settings {
  /** Entries of `dirs`, split on newlines and commas, trimmed, no blanks. */
  dirs: string[]
  credentials: Credentials
  apiVersion: ApiVersion
  /** Absolute http(s) URL the requests go to. */
  endpoint: string
  signatureMethod: 'HmacSHA256' | 'HmacSHA1'
  batchSize: number
  dailyLimit: number
  overLimit: 'widen' | 'fail'
  dryRun: boolean
  failOnError: boolean
  /** Extra attempts for a retryable failure. */
  retries: number
  /** Per HTTP attempt. */
  timeoutMs: number
  /** Site root inside the repository: no leading/trailing slash, '' = top. */
  root: string
  include: string[]
  exclude: string[]
  /** The `files` input, repository-relative; null when the input is empty. */
  files: string[] | null
  githubToken: string
  area: 'overseas' | 'mainland'
  flushType: 'flush' | 'delete'
}

/** What the changed-files step found (src/changes). */
export type ChangeSet =
  /** Files determined (possibly none). Paths are repository-relative. */
  | { kind: 'files'; source: string; files: string[] }
  /** The push deleted a branch: nothing to refresh. */
  | { kind: 'deleted-branch'; source: string }
  /** No commit range (workflow_dispatch, schedule…) and no `files` input. */
  | { kind: 'no-range'; source: string }
  /** A range exists but its files could not be found. */
  | { kind: 'unknown'; source: string; reason: string }

/** One directory of the final plan, with what put it there. */
export interface PlannedDir {
  url: string
  /** Changed files (repository-relative) that produced it; [] for literals. */
  files: string[]
  literal: boolean
}

export interface Widening {
  parent: string
  replaced: string[]
}

export interface Plan {
  /** Final directories, normalised, in a stable order. */
  dirs: PlannedDir[]
  /** Dirs dropped because another planned dir contains them. */
  nested: { dir: string; coveredBy: string }[]
  widened: Widening[]
  batches: string[][]
  /** Things the user should know about the plan (a folder refreshed via its parent). */
  warnings: string[]
}

export type BatchStatus =
  /** The API said yes. */
  | 'accepted'
  /** The API said no, or never answered in a way we could read. */
  | 'failed'
  /** Held back: an earlier answer showed it could not succeed (quota). */
  | 'not-sent'
  /** An attempt timed out after sending: the API may have accepted it. */
  | 'uncertain'

export interface BatchResult {
  dirs: string[]
  status: BatchStatus
  /** Dirs the API accepted (2.0: data.count; 3.0: paths sent). */
  count: number
  /** API code ('4100', '22046', 'ResourceNotFound.CdnHostNotExists'),
   * 'HTTP 503', 'timeout', 'network'… */
  code?: string
  message?: string
  /** A sentence on the likely cause and what to do. */
  hint?: string
  requestId?: string
  taskId?: string
  attempts: number
}

export interface Submission {
  results: BatchResult[]
  /** Batches sent to the API (retries of a batch are not counted again). */
  requests: number
}

/** The slice of @actions/core the inner steps log through (injected). */
export interface Logger {
  info(message: string): void
  debug(message: string): void
  warning(message: string): void
}
