// Preloaded into benchmarked processes (NODE_OPTIONS=--require): on exit,
// appends the process's peak resident memory (KiB) to BENCH_RSS_FILE.
const { appendFileSync } = require('node:fs')
const process = require('node:process')
process.on('exit', () => {
  const file = process.env.BENCH_RSS_FILE
  if (file) appendFileSync(file, `${process.resourceUsage().maxRSS}\n`)
})
