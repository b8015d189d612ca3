// `npm run bench`: speed and memory of the committed bundle, each figure
// beside a reference measured in the same run on the same machine, because
// these machines are shared and noisy. Nothing here passes or fails.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmulator } from '../emulator/index.mjs'
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '../emulator/demo.mjs'
import { defaultInputs } from './run-action.mjs'
import { createSampleSite } from './sample-site.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const RUNS = Number(process.env.BENCH_RUNS ?? 9)
const work = mkdtempSync(join(tmpdir(), 'bench-'))

/** Runs `node args` once with the given env; returns wall ms and peak RSS. */
function once(args, env) {
  const rssFile = join(work, `rss-${Math.random()}`)
  writeFileSync(rssFile, '')
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(process.execPath, args, {
      env: {
        PATH: process.env.PATH,
        ...env,
        BENCH_RSS_FILE: rssFile,
        NODE_OPTIONS: `--require ${join(ROOT, 'scripts', 'rss-probe.cjs')}`
      },
      stdio: 'ignore'
    })
    child.on('error', reject)
    child.on('close', code => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      const kib = Number(readFileSync(rssFile, 'utf8').trim() || 0)
      resolve({ ms, mib: kib / 1024, code })
    })
  })
}

/** Interleaves the case with its reference so drift hits both alike. */
async function measure(name, reference, subject) {
  const rows = { reference: [], subject: [] }
  for (let i = 0; i < RUNS; i++) {
    rows.reference.push(await once(...reference))
    rows.subject.push(await once(...subject))
  }
  const median = list => {
    const sorted = [...list].sort((a, b) => a - b)
    return sorted[Math.floor(sorted.length / 2)]
  }
  const stat = list => ({
    ms: median(list.map(r => r.ms)),
    mib: Math.max(...list.map(r => r.mib)),
    codes: [...new Set(list.map(r => r.code))]
  })
  const ref = stat(rows.reference)
  const sub = stat(rows.subject)
  console.log(`\n${name}`)
  console.log(
    `  reference  median ${ref.ms.toFixed(0).padStart(6)} ms   peak ${ref.mib.toFixed(1).padStart(6)} MiB   ${reference[2]}`
  )
  console.log(
    `  action     median ${sub.ms.toFixed(0).padStart(6)} ms   peak ${sub.mib.toFixed(1).padStart(6)} MiB   exit ${sub.codes.join('/')}`
  )
  console.log(
    `  over reference: +${(sub.ms - ref.ms).toFixed(0)} ms, +${(sub.mib - ref.mib).toFixed(1)} MiB`
  )
}

/** The environment a runner gives the bundle for these inputs. */
function actionEnv(inputs, extra = {}) {
  const outputFile = join(work, 'output')
  const summaryFile = join(work, 'summary')
  const eventFile = join(work, `event-${Math.random()}.json`)
  writeFileSync(eventFile, JSON.stringify(extra.event ?? {}))
  const env = {
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: 'push',
    ...extra.env
  }
  for (const [name, value] of Object.entries({
    ...defaultInputs(),
    ...inputs
  })) {
    env[`INPUT_${name.toUpperCase()}`] = value
  }
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  return env
}

const BUNDLE = [join(ROOT, 'dist', 'index.js')]
const BARE = [['-e', ''], {}, 'node -e ""  (Node start-up alone)']
const dirs = n =>
  Array.from(
    { length: n },
    (_, i) => `https://www.example.com/s${i % 50}/p${i}/`
  ).join('\n')

// The runner passes each input as one environment variable, which Linux
// caps at 128 KiB: 10,000 lines only fit when short (no trailing slash; the
// action adds it).
const shortDirs = n =>
  Array.from({ length: n }, (_, i) => `http://h/${i.toString(36)}`).join('\n')

const emu = await startEmulator({
  credentials: { [DEMO_SECRET_ID]: DEMO_SECRET_KEY },
  overseasDomains: ['www.example.com'],
  dailyLimit: 1e9
})
const site = createSampleSite()
const credentials = {
  'secret-id': DEMO_SECRET_ID,
  'secret-key': DEMO_SECRET_KEY
}

console.log(
  `Node ${process.version}, ${RUNS} runs of each, medians; peak = max RSS.`
)
try {
  await measure(
    'Start-up: dry run of one literal dir (the bundle loads, plans, reports)',
    BARE,
    [BUNDLE, actionEnv({ dirs: dirs(1), 'dry-run': 'true' })]
  )
  await measure(
    'A full day in one run: 100 dirs, 5 signed requests to the emulator',
    BARE,
    [
      BUNDLE,
      actionEnv({ ...credentials, endpoint: emu.v2Endpoint, dirs: dirs(100) })
    ]
  )
  await measure(
    '10,000 input lines, widened exactly to 100 (dry run)',
    [
      BUNDLE,
      actionEnv({ dirs: dirs(1), 'dry-run': 'true' }),
      'the same bundle with one line'
    ],
    [BUNDLE, actionEnv({ dirs: shortDirs(10000), 'dry-run': 'true' })]
  )
  await measure(
    'Templates: changed files from git in a real repository (sample site push)',
    [
      BUNDLE,
      actionEnv({ dirs: dirs(1), 'dry-run': 'true' }),
      'the same bundle with a literal line'
    ],
    [
      BUNDLE,
      actionEnv(
        {
          dirs: 'https://www.example.com/{dir}/',
          root: 'public',
          'dry-run': 'true'
        },
        { event: site.event, env: { GITHUB_WORKSPACE: site.repo } }
      )
    ]
  )
} finally {
  await emu.close()
  site.remove()
  rmSync(work, { recursive: true, force: true })
}
