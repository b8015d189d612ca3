import type { BatchResult } from '../types'

export interface Annotation {
  title: string
  message: string
}

// GitHub shows at most 10 error annotations per step (field notes, fact 8),
// and the final setFailed is one of them.
export const MAX_BATCH_ANNOTATIONS = 9
// With fail-on-error false the batches are warnings, and up to four other
// warnings can come in the same step.
export const MAX_BATCH_WARNINGS = 6

/**
 * One annotation per batch that did not get through, built from what the
 * API said; past the cap the rest are summed up in one last annotation.
 */
export function failureAnnotations(
  results: BatchResult[],
  max = MAX_BATCH_ANNOTATIONS
): Annotation[] {
  const bad = results
    .map((result, index) => ({ result, index }))
    .filter(({ result }) => result.status !== 'accepted')
  const total = results.length
  if (bad.length <= max) {
    return bad.map(({ result, index }) => annotate(result, index, total))
  }
  const shown = bad.slice(0, max - 1)
  const rest = bad.slice(max - 1)
  const restDirs = rest.reduce((n, { result }) => n + result.dirs.length, 0)
  return [
    ...shown.map(({ result, index }) => annotate(result, index, total)),
    {
      title: `${rest.length} more batches were not refreshed`,
      message: `${restDirs} more directories were not refreshed; the job summary lists each one with its code.`
    }
  ]
}

const TITLES: Record<BatchResult['status'], string> = {
  accepted: 'refreshed',
  failed: 'refresh failed',
  'not-sent': 'not sent',
  uncertain: 'may have been refreshed'
}

function annotate(
  result: BatchResult,
  index: number,
  total: number
): Annotation {
  const code = result.code ? `: ${result.code}` : ''
  const lines = [
    `${result.message ?? 'No answer from the API.'}`,
    ...(result.hint ? [result.hint] : []),
    ...(result.requestId ? [`RequestId: ${result.requestId}`] : []),
    `Directories (${result.dirs.length}): ${listDirs(result.dirs)}`
  ]
  return {
    title: `Batch ${index + 1} of ${total} ${TITLES[result.status]}${code}`,
    message: lines.join('\n')
  }
}

function listDirs(dirs: string[], max = 5): string {
  const shown = dirs.slice(0, max).join(', ')
  return dirs.length > max ? `${shown} and ${dirs.length - max} more` : shown
}
