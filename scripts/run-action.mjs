// Runs the committed bundle the way a GitHub runner does: inputs as INPUT_*
// variables (defaults taken from action.yml, as the runner fills them in),
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and an event file. Used by the
// end-to-end tests and by `npm start`.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Inputs with their action.yml defaults; `${{ … }}` defaults become ''. */
export function defaultInputs() {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'))
  const inputs = {}
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = spec.default === undefined ? '' : String(spec.default)
    inputs[name] = value.includes('${{') ? '' : value
  }
  return inputs
}

/**
 * @param {object} options
 * @param {Record<string,string>} options.inputs  inputs by name (as in a workflow's `with:`)
 * @param {Record<string,string>} [options.env]   extra environment (GITHUB_WORKSPACE, RUNNER_DEBUG…)
 * @param {string} [options.eventName]            default 'push'
 * @param {object} [options.event]                the event payload
 * @param {number} [options.timeoutMs]            kill the step after this long
 * @param {(chunk: string) => void} [options.onOutput] live stdout
 */
export async function runAction(options) {
  const dir = mkdtempSync(join(tmpdir(), 'cdn-refresh-run-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  const eventFile = join(dir, 'event.json')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  writeFileSync(eventFile, JSON.stringify(options.event ?? {}))

  const inputs = { ...defaultInputs(), ...options.inputs }
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_REPOSITORY: 'octo-org/site',
    RUNNER_TEMP: dir,
    ...options.env
  }
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }

  try {
    const { code, stdout, stderr, ms } = await spawnBundle(env, options)
    return {
      exitCode: code,
      stdout,
      stderr,
      ms,
      outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
      summary: readFileSync(summaryFile, 'utf8'),
      annotations: parseCommands(stdout)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function spawnBundle(env, options) {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'index.js')], {
      env,
      cwd: env.GITHUB_WORKSPACE ?? ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', chunk => {
      stdout += chunk
      options.onOutput?.(chunk)
    })
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk))
    const timer = setTimeout(
      () => child.kill('SIGKILL'),
      options.timeoutMs ?? 120000
    )
    child.on('error', reject)
    child.on('close', code => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, ms: Date.now() - started })
    })
  })
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` records. */
export function parseOutputs(text) {
  const outputs = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (!match) continue
    const [, name, delimiter] = match
    const value = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++)
      value.push(lines[i])
    outputs[name] = value.join('\n')
  }
  return outputs
}

/** Workflow commands the step printed: `::error title=T::message`. */
export function parseCommands(stdout) {
  const commands = []
  for (const line of stdout.split('\n')) {
    const match = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!match) continue
    const [, level, props = '', message] = match
    const title = /(?:^|,)title=([^,]*)/.exec(props)?.[1]
    commands.push({
      level,
      title: title === undefined ? undefined : unescape(title),
      message: unescape(message)
    })
  }
  return commands
}

// The runner's escaping of command data and properties.
function unescape(text) {
  return text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')
}
