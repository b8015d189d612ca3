import { InputError, quote } from './errors'
import { gatherChanges, type Changes } from './changes/gather'
import { buildPlan } from './plan'
import { annotateFailures, logPlan, writeReport } from './report'
import { gatherOutputs, outputStrings, type Outputs } from './report/outputs'
import { describeSettings, readCredentials, readSettings } from './settings'
import { describeQuota, holdBack, submit, type SubmitDeps } from './submit'
import type { ActionCore } from './core'
import type { Plan, Settings, Submission } from './types'

export interface RunDeps {
  core: ActionCore
  env: NodeJS.ProcessEnv
  submit: SubmitDeps
}

/**
 * The whole step: settings → changed files → plan → submit → report.
 * Helpers throw; this is the one place that turns an error into a failed step.
 */
export async function run(deps: RunDeps): Promise<void> {
  const { core } = deps
  // Masked before anything else runs, so not even a validation error or a
  // debug line can show them (field notes, fact 10).
  maskCredentials(deps)
  let verdict: Verdict
  try {
    const settings = readSettings(name => core.getInput(name), deps.env)
    for (const line of describeSettings(settings)) core.debug(line)
    warnUnusedOptions(settings, core)
    verdict = await refresh(settings, deps)
  } catch (error) {
    verdict = {
      outputs: gatherOutputs(null, null),
      failure: failureMessage(error, core)
    }
  }
  // Outputs in every case, failures included; then the one failure.
  setOutputs(core, verdict.outputs)
  if (verdict.failure !== undefined) core.setFailed(verdict.failure)
}

/** What the step ends with. */
interface Verdict {
  outputs: Outputs
  /** Set when the step must fail. */
  failure?: string
}

function maskCredentials({ core, env }: RunDeps): void {
  const credentials = readCredentials(name => core.getInput(name), env)
  const token = core.getInput('github-token').trim()
  for (const secret of [...Object.values(credentials), token]) {
    if (secret !== '') core.setSecret(secret)
  }
}

/** Settings that are valid but probably not what the user meant. */
function warnUnusedOptions(settings: Settings, core: ActionCore): void {
  // F1: only newlines and commas separate entries; a space is part of the
  // URL. Two URLs on one line are therefore one directory: say so.
  for (const entry of settings.dirs.filter(e => /\s+https?:\/\//i.test(e))) {
    core.warning(
      `Input 'dirs' has an entry with a space before another URL, which is read as one directory: ${quote(entry)}. Separate directories with new lines or commas.`
    )
  }
  // area and flush-type shape API 3.0 requests only.
  if (settings.apiVersion !== '2.0') return
  if (settings.area !== 'overseas' || settings.flushType !== 'flush') {
    core.warning(
      "'area' and 'flush-type' apply to api-version 3.0 only; API 2.0 RefreshCdnOverSeaDir always expires overseas directories, so they were not used."
    )
  }
}

async function refresh(settings: Settings, deps: RunDeps): Promise<Verdict> {
  const { core } = deps
  const changes = await gatherChanges(settings, deps.env, core)
  if (changes.deletedBranch) {
    core.notice('The push deleted a branch: nothing to refresh.')
    return finish(settings, deps, emptyPlan(), null, changes)
  }

  const build = (limits: Limits): Plan =>
    buildPlan({
      entries: settings.dirs,
      templates: changes.templates,
      knownDirs: changes.knownDirs,
      dailyLimit: limits.dailyLimit,
      overLimit: settings.overLimit,
      batchSize: limits.batchSize
    })
  // Planned with the inputs first, so that every check that needs no API
  // fails before the quota request; planned again only if the quota is
  // tighter than the inputs.
  const asked: Limits = {
    dailyLimit: settings.dailyLimit,
    batchSize: settings.batchSize
  }
  let plan = build(asked)
  const limits = plan.dirs.length > 0 ? await fitQuota(settings, deps) : asked
  if (
    limits.dailyLimit !== asked.dailyLimit ||
    limits.batchSize !== asked.batchSize
  ) {
    plan = build(limits)
  }
  await core.group('Plan', async () =>
    logPlan(plan, settings, limits.dailyLimit, core)
  )

  if (plan.dirs.length === 0) {
    // Never green and silent (F3): say why nothing was sent.
    core.notice(
      'Nothing to refresh: no directory came out of the dirs input for this change.'
    )
  }
  if (plan.dirs.length === 0 || settings.dryRun) {
    return finish(settings, deps, plan, null, changes)
  }
  const submission = limits.usedUp
    ? holdBack(plan.batches, settings, limits.usedUp)
    : await core.group('Submit', () =>
        submit(plan.batches, { ...settings, ...limits }, deps.submit)
      )
  return finish(settings, deps, plan, submission, changes)
}

interface Limits {
  dailyLimit: number
  batchSize: number
  /** Set when DescribePurgeQuota says nothing is left today. */
  usedUp?: string
}

/**
 * API 3.0 tells today's remaining quota and batch size: fit the plan to the
 * smaller of those and the inputs. A failed quota call only warns.
 */
async function fitQuota(settings: Settings, deps: RunDeps): Promise<Limits> {
  const limits = {
    dailyLimit: settings.dailyLimit,
    batchSize: settings.batchSize
  }
  if (settings.apiVersion !== '3.0' || settings.dryRun) return limits
  const quota = await describeQuota(settings, deps.submit)
  if (quota === null) return limits
  deps.core.info(
    `Purge quota (${quota.area}): ${quota.available} of ${quota.total} directories left today, ${quota.batch} per request.`
  )
  if (quota.available < 1) {
    // Reported like a quota answer mid-run, so fail-on-error and the job
    // summary apply as they would under API 2.0.
    return {
      ...limits,
      usedUp: `Today's ${quota.area} directory purge quota is used up (0 of ${quota.total} left), so nothing was sent. It resets daily.`
    }
  }
  return {
    dailyLimit: Math.min(limits.dailyLimit, quota.available),
    batchSize: Math.max(1, Math.min(limits.batchSize, quota.batch))
  }
}

async function finish(
  settings: Settings,
  deps: RunDeps,
  plan: Plan,
  submission: Submission | null,
  changes: Changes
): Promise<Verdict> {
  const { core } = deps
  const outputs = gatherOutputs(plan, submission)
  await writeReport({ settings, plan, submission, outputs, changes }, core)
  if (submission === null) return { outputs }

  annotateFailures(submission.results, settings.failOnError, core)
  warnPartialCounts(submission, core)
  const failed = outputs['failed-dirs'].length
  if (failed === 0) return { outputs }
  const text = `${failed} of ${plan.dirs.length} directories were not refreshed; see the annotations and the job summary.`
  if (settings.failOnError) return { outputs, failure: text }
  core.warning(`${text} (fail-on-error is false, so the step passes.)`)
  return { outputs }
}

/**
 * API 2.0 says how many dirs it took (data.count) but not which: when that
 * is fewer than were sent, say so rather than imply all went through.
 */
function warnPartialCounts(submission: Submission, core: ActionCore): void {
  submission.results.forEach((result, index) => {
    if (result.status === 'accepted' && result.count < result.dirs.length) {
      core.warning(
        `Batch ${index + 1}: the API accepted ${result.count} of ${result.dirs.length} directories and does not say which; all are listed in refreshed-dirs, and count is ${result.count}.`
      )
    }
  })
}

function setOutputs(core: ActionCore, outputs: Outputs): void {
  for (const [name, text] of outputStrings(outputs)) {
    core.setOutput(name, text)
    // Long lists would bury the log; the output itself is complete.
    const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text
    core.info(`${name} = ${shown}`)
  }
}

function emptyPlan(): Plan {
  return { dirs: [], nested: [], widened: [], batches: [], warnings: [] }
}

/** Known errors are one clear line; anything else shows its stack in debug only. */
function failureMessage(error: unknown, core: ActionCore): string {
  if (error instanceof InputError) {
    return error.message
  }
  if (error instanceof Error) {
    core.debug(error.stack ?? error.message)
    return `Unexpected error: ${error.message}`
  }
  return `Unexpected error: ${String(error)}`
}
