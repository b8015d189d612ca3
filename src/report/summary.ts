import type { BatchResult, Plan, Settings, Submission } from '../types'
import type { Outputs } from './outputs'
import { plural } from '../words'

export interface SummaryInput {
  settings: Pick<Settings, 'apiVersion' | 'dryRun' | 'area'>
  plan: Plan
  submission: Submission | null
  outputs: Outputs
  /** One line on where changed files came from, when templates were used. */
  changes?: string
  notes: string[]
}

const STATUS: Record<BatchResult['status'], string> = {
  accepted: '✅ refreshed',
  failed: '❌ failed',
  'not-sent': '⏸️ not sent',
  uncertain: '⚠️ may have been refreshed'
}

// Lists longer than this are folded so the summary stays readable.
const FOLD_AT = 20

/** The job summary, as Markdown: a headline, notes, and one row per dir. */
export function renderSummary(input: SummaryInput): string {
  const { settings, plan, submission } = input
  const api =
    settings.apiVersion === '2.0'
      ? 'API 2.0 RefreshCdnOverSeaDir'
      : `API 3.0 PurgePathCache, area ${settings.area}`
  const parts = ['## Tencent Cloud CDN refresh', '', headline(input, api), '']
  for (const note of input.notes) parts.push(`- ${cell(note)}`)
  if (input.changes) parts.push(`- Changed files: ${cell(input.changes)}`)
  if (input.notes.length > 0 || input.changes) parts.push('')
  parts.push(...dirTable(plan, submission))
  parts.push(...originList(plan))
  if (submission === null && !settings.dryRun) parts.push('Nothing was sent.')
  return parts.join('\n') + '\n'
}

function headline(input: SummaryInput, api: string): string {
  const { settings, plan, submission, outputs } = input
  const n = plan.dirs.length
  if (settings.dryRun) {
    return `**Dry run**: ${n} ${plural(n, 'directory', 'directories')} planned in ${plan.batches.length} ${plural(plan.batches.length, 'request', 'requests')}; nothing was sent (${api}).`
  }
  if (submission === null) return `**Nothing to refresh** (${api}).`
  const failed = outputs['failed-dirs'].length
  const icon = failed === 0 ? '✅' : '❌'
  return `${icon} **${outputs.count} of ${n} ${plural(n, 'directory', 'directories')} refreshed** in ${outputs.requests} ${plural(outputs.requests, 'request', 'requests')}${failed ? `, ${failed} not refreshed` : ''} (${api}).`
}

function dirTable(plan: Plan, submission: Submission | null): string[] {
  if (plan.dirs.length === 0) return []
  const batchOf = new Map<string, number>()
  const results = submission?.results ?? []
  results.forEach((result, index) => {
    for (const dir of result.dirs) batchOf.set(dir, index)
  })
  const rows = plan.dirs.map(({ url }) => {
    const index = batchOf.get(url)
    if (index === undefined) return `| ${cell(url)} | 📝 planned | |`
    const result = results[index]
    const code =
      result.status === 'accepted'
        ? acceptedDetail(result)
        : (result.code ?? '')
    return `| ${cell(url)} | ${STATUS[result.status]} | ${index + 1} | ${cell(code)} |`
  })
  const header = submission
    ? [
        '| Directory | Status | Batch | Code or TaskId |',
        '| --- | --- | --- | --- |'
      ]
    : ['| Directory | Status | |', '| --- | --- | --- |']
  return [...header, ...rows, '', ...failedBatches(results)]
}

/** Each batch not refreshed, once: what the API said and what to do. */
function failedBatches(results: BatchResult[]): string[] {
  const lines = results.flatMap((result, index) => {
    if (result.status === 'accepted') return []
    const detail = [
      result.code,
      result.message,
      result.hint,
      result.requestId && `RequestId ${result.requestId}`
    ].filter(Boolean)
    return [
      `- **Batch ${index + 1}** (${result.dirs.length} ${plural(result.dirs.length, 'dir', 'dirs')}, ${STATUS[result.status]}): ${cell(detail.join(' — '))}`
    ]
  })
  if (lines.length === 0) return []
  return ['### Not refreshed', '', ...lines, '']
}

function acceptedDetail(result: BatchResult): string {
  return result.taskId ? `TaskId ${result.taskId}` : ''
}

/** Which changed files produced which dirs, folded when long. */
function originList(plan: Plan): string[] {
  const fromFiles = plan.dirs.filter(d => d.files.length > 0)
  if (fromFiles.length === 0) return []
  const lines = fromFiles.map(
    d => `- ${cell(d.url)} ← ${d.files.map(f => `\`${cell(f)}\``).join(', ')}`
  )
  // Open when short, folded when long: the same shape either way.
  const open = fromFiles.length <= FOLD_AT ? ' open' : ''
  return [
    `<details${open}><summary>Changed files behind each directory (${fromFiles.length})</summary>`,
    '',
    ...lines,
    '',
    '</details>',
    ''
  ]
}

/** Text safe for a table cell: no pipes, line breaks or raw HTML. */
function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\s*[\r\n]+\s*/g, ' ')
}
