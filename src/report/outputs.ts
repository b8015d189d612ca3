import type { Plan, Submission } from '../types'

/** The step's outputs, gathered in one place and written once. */
export interface Outputs {
  count: number
  'planned-dirs': string[]
  'refreshed-dirs': string[]
  'failed-dirs': string[]
  requests: number
  'task-ids': string[]
}

/**
 * What the API accepted, and only that: a batch counts when its answer said
 * so. Anything else in the plan — failed, held back, or timed out with an
 * unknown fate — is listed as failed.
 */
export function gatherOutputs(
  plan: Plan | null,
  submission: Submission | null
): Outputs {
  const results = submission?.results ?? []
  const accepted = results.filter(r => r.status === 'accepted')
  const refreshed = accepted.flatMap(r => r.dirs)
  return {
    // Never more than were sent, whatever the answer claims.
    count: accepted.reduce(
      (sum, r) => sum + Math.min(r.count, r.dirs.length),
      0
    ),
    'planned-dirs': plan?.dirs.map(d => d.url) ?? [],
    'refreshed-dirs': refreshed,
    'failed-dirs': results
      .filter(r => r.status !== 'accepted')
      .flatMap(r => r.dirs),
    requests: submission?.requests ?? 0,
    'task-ids': accepted.flatMap(r => (r.taskId ? [r.taskId] : []))
  }
}

/** Outputs as the strings `setOutput` takes: arrays as JSON. */
export function outputStrings(outputs: Outputs): [string, string][] {
  return Object.entries(outputs).map(([name, value]) => [
    name,
    typeof value === 'number' ? String(value) : JSON.stringify(value)
  ])
}
