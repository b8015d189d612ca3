// Builders for detectChanges inputs: payloads shaped like the real ones
// (commits carry an id and a message, never file arrays: fact 1, F22).
import type { ChangeContext } from '../../src/changes/index'
import type { Logger } from '../../src/types'

export interface MemoryLog extends Logger {
  infos: string[]
  debugs: string[]
  warnings: string[]
}

export function memoryLog(): MemoryLog {
  const log: MemoryLog = {
    infos: [],
    debugs: [],
    warnings: [],
    info: m => void log.infos.push(m),
    debug: m => void log.debugs.push(m),
    warning: m => void log.warnings.push(m)
  }
  return log
}

export function context(over: Partial<ChangeContext> = {}): ChangeContext {
  return {
    eventName: 'push',
    payload: {},
    workspace: '',
    repository: 'octo/site',
    token: '',
    // A port nothing listens on: REST is only reached when a test says so.
    apiUrl: 'http://127.0.0.1:9',
    files: null,
    log: memoryLog(),
    ...over
  }
}

export function pushPayload(
  before: string,
  after: string,
  commits: string[],
  extra: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    ref: 'refs/heads/main',
    before,
    after,
    created: false,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `https://github.com/octo/site/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits: commits.map(id => ({
      id,
      tree_id: 'f'.repeat(40),
      distinct: true,
      message: `commit ${id.slice(0, 7)}`,
      timestamp: '2026-01-01T00:00:00Z',
      url: `https://github.com/octo/site/commit/${id}`,
      author: { name: 'Test', email: 'test@example.com' }
    })),
    head_commit: commits.length
      ? { id: commits[commits.length - 1], message: 'm' }
      : null,
    repository: { full_name: 'octo/site' },
    pusher: { name: 'test' },
    ...extra
  }
}

export function pullPayload(
  base: string,
  head: string
): Record<string, unknown> {
  return {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      base: { ref: 'main', sha: base },
      head: { ref: 'feature', sha: head }
    },
    repository: { full_name: 'octo/site' }
  }
}
