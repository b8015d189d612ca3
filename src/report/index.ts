import type { ActionCore } from '../core'
import type { Changes } from '../changes/gather'
import type { BatchResult, Plan, Settings, Submission } from '../types'
import {
  failureAnnotations,
  MAX_BATCH_ANNOTATIONS,
  MAX_BATCH_WARNINGS
} from './annotations'
import type { Outputs } from './outputs'
import { renderSummary } from './summary'
import { plural } from '../words'

/** What was planned, in the words a person reading the run wants. */
export function logPlan(
  plan: Plan,
  settings: Settings,
  limit: number,
  core: ActionCore
): void {
  // One warning for all of them: annotations are capped per step.
  if (plan.warnings.length > 0) core.warning(plan.warnings.join('\n'))
  for (const { dir, coveredBy } of plan.nested) {
    core.info(`Dropped ${dir}: ${coveredBy} already covers it.`)
  }
  if (plan.widened.length > 0) {
    // One warning for all widenings: annotations are capped per step.
    const replaced = plan.widened.reduce((n, w) => n + w.replaced.length, 0)
    const list = plan.widened
      .map(w => `${w.parent} (for ${w.replaced.length})`)
      .join(', ')
    core.warning(
      `Widened ${replaced} directories into ${plan.widened.length} parent ${plural(plan.widened.length, 'directory', 'directories')} to fit the limit of ${limit}${limit < settings.dailyLimit ? " (today's remaining quota)" : ' (daily-limit)'}: ${list}.`
    )
    for (const w of plan.widened) {
      core.info(`${w.parent} replaces ${w.replaced.join(', ')}`)
    }
  }
  const n = plan.dirs.length
  const requests = plan.batches.length
  const verb = settings.dryRun ? 'Would refresh' : 'Refreshing'
  core.info(
    n === 0
      ? 'Nothing to refresh.'
      : `${verb} ${n} ${plural(n, 'directory', 'directories')} in ${requests} ${plural(requests, 'request', 'requests')}:`
  )
  for (const dir of plan.dirs) {
    const from = dir.files.length > 0 ? ` ← ${dir.files.join(', ')}` : ''
    core.info(`  ${dir.url}${from}`)
  }
}

/** One annotation per batch not refreshed: errors, or warnings when allowed to fail. */
export function annotateFailures(
  results: BatchResult[],
  failOnError: boolean,
  core: ActionCore
): void {
  // As warnings they share GitHub's 10 per step with the run's other
  // warnings (widening, filters, quota, the closing one): leave room.
  const max = failOnError ? MAX_BATCH_ANNOTATIONS : MAX_BATCH_WARNINGS
  for (const { title, message } of failureAnnotations(results, max)) {
    if (failOnError) core.error(message, { title })
    else core.warning(message, { title })
  }
}

export interface Report {
  settings: Settings
  plan: Plan
  submission: Submission | null
  outputs: Outputs
  changes: Changes
}

/** The job summary, for every run; a summary that cannot be written only warns. */
export async function writeReport(
  report: Report,
  core: ActionCore
): Promise<void> {
  const notes = [...report.changes.notes, ...report.plan.warnings]
  if (report.plan.widened.length > 0) {
    notes.push(
      `Widened to fit the daily limit: ${report.plan.widened
        .map(w => `${w.parent} replaces ${w.replaced.length}`)
        .join('; ')}.`
    )
  }
  const markdown = renderSummary({
    settings: report.settings,
    plan: report.plan,
    submission: report.submission,
    outputs: report.outputs,
    changes: report.changes.source,
    notes
  })
  try {
    await core.writeSummary(markdown)
  } catch (error) {
    core.warning(`Could not write the job summary: ${String(error)}`)
  }
}
