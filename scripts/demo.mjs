// `npm start`: the bundled action, run the way a GitHub runner runs it,
// against the local Tencent CDN API emulator, for the deploy of a sample
// site. Prints what a user would see. Needs no network and no account.
import { startEmulator } from '../emulator/index.mjs'
import {
  DEMO_OVERSEAS_DOMAINS,
  DEMO_SECRET_ID,
  DEMO_SECRET_KEY
} from '../emulator/demo.mjs'
import { runAction } from './run-action.mjs'
import { createSampleSite } from './sample-site.mjs'

const bold = text => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)

/** The step's stdout as the Actions log shows it, not as raw commands. */
function showLog(stdout) {
  for (const line of stdout.split('\n')) {
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!command) {
      if (line !== '') console.log(`  ${line}`)
      continue
    }
    const [, name, props = '', text] = command
    const message = text.replace(/%0A/g, '\n    ').replace(/%25/g, '%')
    const title = /title=([^,]*)/.exec(props)?.[1]?.replace(/%3A/g, ':')
    if (name === 'group') console.log(`  ▸ ${message}`)
    else if (['error', 'warning', 'notice'].includes(name)) {
      console.log(
        `  ${name.toUpperCase()}${title ? ` [${title}]` : ''}: ${message}`
      )
    }
    // add-mask, endgroup and debug lines are not shown in a normal log.
  }
}

/** A `with:` value as it would be written in YAML (numbers quoted). */
function yamlValue(value) {
  if (value.includes('\n')) {
    return `|\n    ${value.trim().split('\n').join('\n    ')}`
  }
  return /^[\d.]+$|^(true|false)$/.test(value) ? `'${value}'` : value
}

/** What the emulator answered, in a few words. */
function answerOf(request) {
  const body = request.response
  if (request.api === '2.0') {
    return body?.code === 0
      ? `accepted (count ${body.data.count})`
      : `code ${body?.code} (${body?.codeDesc})`
  }
  const answer = body?.Response
  if (answer?.Error) return `error ${answer.Error.Code}`
  if (answer?.TaskId) return `accepted (TaskId ${answer.TaskId})`
  const quota = answer?.PathPurge?.find(q => q.Area === 'overseas')
  return quota ? `overseas: ${quota.Available} of ${quota.Total} left` : '?'
}

async function scenario({ title, intro, expectExit, inputs, site, emu }) {
  console.log(`\n${bold(`━━ ${title}`)}\n`)
  if (intro) console.log(`${intro}\n`)
  console.log('with:')
  for (const [name, value] of Object.entries(inputs)) {
    const shown = name.startsWith('secret') ? '${{ secrets.… }}' : value
    console.log(
      `  ${name}: ${name.startsWith('secret') ? shown : yamlValue(shown)}`
    )
  }
  const seen = emu.requests.length
  const result = await runAction({
    inputs,
    event: site.event,
    env: { GITHUB_WORKSPACE: site.repo }
  })
  console.log(`\n${bold('Log')}`)
  showLog(result.stdout)
  if (result.stderr.trim()) console.log(`  (stderr) ${result.stderr.trim()}`)
  console.log(`\n${bold('Requests the emulator received')}`)
  for (const r of emu.requests.slice(seen)) {
    const dirs =
      r.dirs.length > 0
        ? `, ${r.dirs.length} ${r.dirs.length === 1 ? 'dir' : 'dirs'}`
        : ''
    console.log(
      `  ${r.api} ${r.action}${dirs}: signature ${r.verified ? 'verified' : 'REJECTED'}, ${answerOf(r)}`
    )
  }
  console.log(
    `\n${bold('Job summary')} (Markdown, as GitHub renders it on the run page)\n`
  )
  console.log(result.summary.replace(/^/gm, '  '))
  const ok = result.exitCode === expectExit
  console.log(
    `${bold('Exit code')}: ${result.exitCode} (${ok ? 'as expected' : `expected ${expectExit}`})`
  )
  return ok
}

const emu = await startEmulator({
  credentials: { [DEMO_SECRET_ID]: DEMO_SECRET_KEY },
  overseasDomains: DEMO_OVERSEAS_DOMAINS
})
const site = createSampleSite()
const credentials = {
  'secret-id': DEMO_SECRET_ID,
  'secret-key': DEMO_SECRET_KEY
}
let ok = false
try {
  ok = await scenario({
    title: 'Deploy of the sample site: templates, widening, API 2.0',
    expectExit: 0,
    site,
    emu,
    inputs: {
      ...credentials,
      endpoint: emu.v2Endpoint,
      root: 'public',
      'daily-limit': '30',
      dirs: 'https://www.example.com/{dir}/'
    }
  })
  ok =
    (await scenario({
      title: 'API 3.0, the same push plus a domain that is not on overseas CDN',
      intro:
        "The emulator counts both APIs' overseas directories against one daily quota, so the first run's 30 are spent.",
      expectExit: 1,
      site,
      emu,
      inputs: {
        ...credentials,
        'api-version': '3.0',
        endpoint: emu.v3Endpoint,
        root: 'public',
        exclude: 'blog/**',
        dirs: 'https://www.example.com/{dir}/\nhttps://shop.example.org/'
      }
    })) && ok
} finally {
  await emu.close()
  site.remove()
}
console.log(
  ok
    ? '\nBoth runs behaved as expected.'
    : '\nA run did not behave as expected.'
)
process.exit(ok ? 0 : 1)
