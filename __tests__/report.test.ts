import { annotateFailures } from '../src/report'
import { failureAnnotations } from '../src/report/annotations'
import { gatherOutputs } from '../src/report/outputs'
import { renderSummary } from '../src/report/summary'
import type { BatchResult, Plan, Submission } from '../src/types'
import { FakeCore } from './helpers/fake-core'

function plan(urls: string[], size = 20): Plan {
  const batches: string[][] = []
  for (let i = 0; i < urls.length; i += size)
    batches.push(urls.slice(i, i + size))
  return {
    dirs: urls.map(url => ({ url, files: [], literal: true })),
    nested: [],
    widened: [],
    batches,
    warnings: []
  }
}

const dirs = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `https://h/${prefix}${i}/`)

function result(
  status: BatchResult['status'],
  batch: string[],
  extra: Partial<BatchResult> = {}
): BatchResult {
  return {
    dirs: batch,
    status,
    count: status === 'accepted' ? batch.length : 0,
    attempts: 1,
    ...extra
  }
}

describe('outputs after a partial failure', () => {
  it('count and refreshed-dirs hold only what the API accepted', () => {
    const a = dirs('a', 20)
    const b = dirs('b', 20)
    const c = dirs('c', 5)
    const submission: Submission = {
      requests: 2,
      results: [
        result('accepted', a),
        result('failed', b, { code: '22046' }),
        result('not-sent', c)
      ]
    }
    const outputs = gatherOutputs(plan([...a, ...b, ...c]), submission)
    expect(outputs.count).toBe(20)
    expect(outputs['refreshed-dirs']).toEqual(a)
    expect(outputs['failed-dirs']).toEqual([...b, ...c])
    expect(outputs['planned-dirs']).toHaveLength(45)
    expect(outputs.requests).toBe(2)
  })

  it('a timed-out batch is not counted as refreshed', () => {
    const a = dirs('a', 3)
    const outputs = gatherOutputs(plan(a), {
      requests: 1,
      results: [result('uncertain', a)]
    })
    expect(outputs.count).toBe(0)
    expect(outputs['failed-dirs']).toEqual(a)
  })

  it('count is the sum of what the API reported, not of what was sent', () => {
    const a = dirs('a', 3)
    const outputs = gatherOutputs(plan(a), {
      requests: 1,
      results: [{ ...result('accepted', a), count: 2 }]
    })
    expect(outputs.count).toBe(2)
  })

  it('collects 3.0 task ids of accepted batches only', () => {
    const a = dirs('a', 2)
    const b = dirs('b', 2)
    const outputs = gatherOutputs(plan([...a, ...b]), {
      requests: 2,
      results: [
        result('accepted', a, { taskId: 't-1' }),
        result('failed', b, { code: 'InternalError' })
      ]
    })
    expect(outputs['task-ids']).toEqual(['t-1'])
  })
})

describe('annotations', () => {
  it('one per batch not refreshed, with code, message, hint and dirs', () => {
    const notes = failureAnnotations([
      result('accepted', dirs('a', 1)),
      result('failed', ['https://x.test/'], {
        code: '9110',
        message: '(9110) cdn no such host',
        hint: 'Add the domain to overseas acceleration.'
      })
    ])
    expect(notes).toHaveLength(1)
    expect(notes[0].title).toBe('Batch 2 of 2 refresh failed: 9110')
    expect(notes[0].message).toContain('(9110) cdn no such host')
    expect(notes[0].message).toContain('overseas acceleration')
    expect(notes[0].message).toContain('https://x.test/')
  })

  it('stays within the cap and sums up the rest', () => {
    const results = Array.from({ length: 14 }, (_, i) =>
      result('failed', dirs(`b${i}-`, 2), { code: '6000' })
    )
    const notes = failureAnnotations(results, 9)
    expect(notes).toHaveLength(9)
    expect(notes[8].title).toBe('6 more batches were not refreshed')
    expect(notes[8].message).toMatch(/^12 more directories/)
  })
})

describe('job summary', () => {
  it('has a row per dir with status and code, escaped for Markdown', () => {
    const a = ['https://h/a|b/']
    const b = ['https://h/c/']
    const p = plan([...a, ...b])
    const submission: Submission = {
      requests: 2,
      results: [
        result('accepted', a),
        result('failed', b, { code: '4100', message: 'auth <failed>\nnewline' })
      ]
    }
    const md = renderSummary({
      settings: { apiVersion: '2.0', dryRun: false, area: 'overseas' },
      plan: p,
      submission,
      outputs: gatherOutputs(p, submission),
      notes: []
    })
    expect(md).toContain('| https://h/a\\|b/ | ✅ refreshed | 1 |  |')
    expect(md).toContain('| https://h/c/ | ❌ failed | 2 | 4100 |')
    expect(md).toContain(
      '- **Batch 2** (1 dir, ❌ failed): 4100 — auth &lt;failed&gt; newline'
    )
    expect(md).toContain('1 of 2 directories refreshed')
  })

  it('says a dry run sent nothing', () => {
    const p = plan(dirs('a', 2))
    const md = renderSummary({
      settings: { apiVersion: '2.0', dryRun: true, area: 'overseas' },
      plan: p,
      submission: null,
      outputs: gatherOutputs(p, null),
      notes: []
    })
    expect(md).toContain(
      '**Dry run**: 2 directories planned in 1 request; nothing was sent'
    )
    expect(md).toContain('📝 planned')
  })
})

describe('changed files behind each directory', () => {
  const withFiles = (n: number): Plan => {
    const p = plan(dirs('d', n))
    p.dirs.forEach((d, i) => (d.files = [`public/d${i}/index.html`]))
    return p
  }
  const render = (p: Plan): string =>
    renderSummary({
      settings: { apiVersion: '2.0', dryRun: true, area: 'overseas' },
      plan: p,
      submission: null,
      outputs: gatherOutputs(p, null),
      notes: []
    })

  it('is open when short and folded when long, in the same shape', () => {
    expect(render(withFiles(2))).toContain(
      '<details open><summary>Changed files behind each directory (2)</summary>'
    )
    const long = render(withFiles(25))
    expect(long).toContain(
      '<details><summary>Changed files behind each directory (25)</summary>'
    )
    expect(long).toContain('- https://h/d24/ ← `public/d24/index.html`')
  })
})

describe('annotateFailures', () => {
  const failures = Array.from({ length: 14 }, (_, i) =>
    result('failed', dirs(`f${i}-`, 1), { code: '6000' })
  )

  it('keeps batch errors within the per-step cap, leaving one for setFailed', () => {
    const core = new FakeCore({})
    annotateFailures(failures, true, core)
    expect(core.messages('error')).toHaveLength(9)
    expect(core.messages('warning')).toHaveLength(0)
  })

  it('leaves room for the run’s other warnings when failures are warnings', () => {
    const core = new FakeCore({})
    annotateFailures(failures, false, core)
    expect(core.messages('warning')).toHaveLength(6)
    expect(core.messages('error')).toHaveLength(0)
  })
})
