import { runnerCore } from './core'
import { run } from './main'
import { defaultDeps } from './submit'

const core = runnerCore(process.env)

// A rejection nobody awaited must still end the step as one clear failure
// (field notes, F11), not as Node's unhandled-rejection dump.
process.on('unhandledRejection', reason => {
  core.setFailed(`Unexpected error: ${String(reason)}`)
})

void run({ core, env: process.env, submit: defaultDeps(core) })
