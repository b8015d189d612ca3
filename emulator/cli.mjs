#!/usr/bin/env node
// Runs the emulator by hand: `node emulator/cli.mjs [--port N]
// [--daily-limit N] [--batch-limit N]`. Point the action's endpoint at the
// printed URLs and use the demo key pair from demo.mjs (not a credential).

import { parseArgs } from 'node:util'
import {
  DEMO_MAINLAND_DOMAINS as DEMO_MAINLAND,
  DEMO_OVERSEAS_DOMAINS as DEMO_OVERSEAS,
  DEMO_SECRET_ID,
  DEMO_SECRET_KEY
} from './demo.mjs'
import { startEmulator } from './index.mjs'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'daily-limit': { type: 'string', default: '100' },
    'batch-limit': { type: 'string', default: '20' }
  }
})

const emu = await startEmulator({
  credentials: { [DEMO_SECRET_ID]: DEMO_SECRET_KEY },
  overseasDomains: DEMO_OVERSEAS,
  mainlandDomains: DEMO_MAINLAND,
  dailyLimit: whole(values['daily-limit'], '--daily-limit'),
  batchLimit: whole(values['batch-limit'], '--batch-limit'),
  port: whole(values.port, '--port'),
  log: line => console.log(`${new Date().toISOString()} ${line}`)
})

console.log(
  [
    'Tencent CDN API emulator listening',
    `  API 2.0 endpoint   ${emu.v2Endpoint}`,
    `  API 3.0 endpoint   ${emu.v3Endpoint}`,
    `  SecretId           ${DEMO_SECRET_ID}`,
    `  SecretKey          ${DEMO_SECRET_KEY}`,
    `  overseas domains   ${DEMO_OVERSEAS.join(', ')}`,
    `  mainland domains   ${DEMO_MAINLAND.join(', ')}`,
    'Press Ctrl+C to stop.'
  ].join('\n')
)

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    emu.close().then(() => process.exit(0))
  })
}

function whole(text, flag) {
  if (!/^\d+$/.test(text)) {
    console.error(`${flag} must be a whole number, got '${text}'`)
    process.exit(2)
  }
  return Number(text)
}
