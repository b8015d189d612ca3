// action.yml is the public interface: its defaults and the code's must agree.
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { gatherOutputs } from '../src/report/outputs'
import { readSettings } from '../src/settings'

interface ActionYaml {
  inputs: Record<string, { default?: string; required?: boolean }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string }
}

const action = parse(readFileSync('action.yml', 'utf8')) as ActionYaml
const given = { dirs: 'https://h/a/', 'secret-id': 'id', 'secret-key': 'key' }

describe('action.yml', () => {
  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it("declares the inputs' defaults that the code falls back to", () => {
    const fromYaml = readSettings(name => {
      if (name in given) return given[name as keyof typeof given]
      const value = String(action.inputs[name]?.default ?? '')
      return value.includes('${{') ? '' : value
    }, {})
    const fromCode = readSettings(
      name => given[name as keyof typeof given] ?? '',
      {}
    )
    expect(fromYaml).toEqual(fromCode)
  })

  it('declares every output the action sets', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(
      Object.keys(gatherOutputs(null, null)).sort()
    )
  })

  it('keeps the names the issues gave', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(
      [
        'dirs',
        'secret-id',
        'secret-key',
        'session-token',
        'api-version',
        'endpoint',
        'signature-method',
        'batch-size',
        'daily-limit',
        'over-limit',
        'dry-run',
        'fail-on-error',
        'retries',
        'timeout',
        'root',
        'include',
        'exclude',
        'files',
        'github-token',
        'area',
        'flush-type'
      ].sort()
    )
    expect(action.inputs.endpoint.default).toBe(
      'https://cdn.api.qcloud.com/v2/index.php'
    )
    expect(action.inputs['api-version'].default).toBe('2.0')
    expect(action.inputs.dirs.required).toBe(true)
  })
})
