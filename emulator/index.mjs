// A local stand-in for the Tencent Cloud CDN API: 2.0 RefreshCdnOverSeaDir
// and 3.0 PurgePathCache / DescribePurgeQuota, with its own signature
// checks, quotas and injectable faults. Types and behaviour notes are in
// index.d.mts.

import { Buffer } from 'node:buffer'
import { createServer } from 'node:http'
import { faultAnswer, faultDelay, faultLabel } from './faults.mjs'
import { createLedger } from './ledger.mjs'
import { htmlAnswer } from './pages.mjs'
import { actV2, checkV2, parseV2, POST_LIMIT, V2_PATH } from './v2.mjs'
import { actV3, checkV3, parseV3, V3_PATH } from './v3.mjs'

const APIS = {
  '2.0': { parse: parseV2, check: checkV2, act: actV2 },
  '3.0': { parse: parseV3, check: checkV3, act: actV3 }
}

// Bodies past the largest limit are counted, not kept.
const KEEP_BYTES = POST_LIMIT + 1
// Room for a 2.0 GET past its 32 KB cap, so the emulator (not Node)
// answers it the way the service does.
const MAX_HEADER_BYTES = 64 * 1024

export async function startEmulator(options) {
  const ctx = context(options)
  const requests = []
  const faults = []
  const sockets = new Set()
  const timers = new Set()

  const server = createServer(
    { maxHeaderSize: MAX_HEADER_BYTES },
    (req, res) => {
      // Logged and handed its fault on arrival, so both follow arrival order.
      const entry = arrival(req)
      requests.push(entry)
      const spec = faults.shift()
      if (spec) entry.fault = faultLabel(spec)
      // A delay is no answer of its own: the request is served normally.
      const delayMs = faultDelay(spec)
      const fault = delayMs === undefined ? spec : undefined
      const reply = later(delayMs, timers)
      serve(req, res, entry, fault, ctx, reply).catch(err =>
        crashed(res, entry, err, ctx)
      )
    }
  )
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await listen(server, options.port ?? 0)

  const url = `http://127.0.0.1:${server.address().port}`
  return {
    url,
    v2Endpoint: `${url}${V2_PATH}`,
    v3Endpoint: `${url}${V3_PATH}`,
    requests,
    used: ctx.ledger.used,
    setUsed: ctx.ledger.setUsed,
    fault(spec, times = 1) {
      faultLabel(spec)
      if (!Number.isInteger(times) || times < 1) {
        throw new TypeError(`fault: times must be a whole number >= 1`)
      }
      for (let i = 0; i < times; i++) faults.push({ ...spec })
    },
    clearFaults() {
      faults.length = 0
    },
    close: () => close(server, sockets, timers)
  }
}

/**
 * Sends an answer now, or after `delayMs` (a `delay` fault). A delayed
 * answer whose client has gone meanwhile is dropped: nothing was sent.
 */
function later(delayMs, timers) {
  if (delayMs === undefined) return respond
  return (res, entry, answer, ctx) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      if (res.destroyed || res.socket?.destroyed) {
        return ctx.log?.(logLine(entry))
      }
      respond(res, entry, answer, ctx)
    }, delayMs)
    timers.add(timer)
  }
}

async function serve(req, res, entry, fault, ctx, reply) {
  const received = await readBody(req)
  if (received === null) return // the client went away mid-body
  const api = APIS[entry.api]
  if (!api) {
    const answer = fault ? faultAnswer(fault, entry.api, 0) : htmlAnswer(404)
    return reply(res, entry, answer, ctx)
  }

  const call = api.parse({
    ...received,
    ...requestLine(req),
    headers: req.headers
  })
  // The check has no side effects, so a faulted request spends nothing.
  const problem = api.check(call, ctx)
  record(entry, call, problem === null)
  const answer = fault
    ? faultAnswer(fault, entry.api, call.dirs.length)
    : (problem ?? api.act(call, ctx))
  reply(res, entry, answer, ctx)
}

function respond(res, entry, answer, ctx) {
  if (answer.hang) return ctx.log?.(logLine(entry)) // close() ends it
  if (answer.reset) {
    res.socket?.resetAndDestroy()
    return ctx.log?.(logLine(entry))
  }
  const isJson = answer.json !== undefined
  const text = isJson ? JSON.stringify(answer.json) : answer.text
  res.writeHead(answer.status, {
    'Content-Type': isJson ? 'application/json' : answer.contentType,
    'Content-Length': Buffer.byteLength(text)
  })
  res.end(text)
  entry.status = answer.status
  entry.response = isJson ? JSON.parse(text) : text
  ctx.log?.(logLine(entry))
}

/** Copies what the request turned out to be into its `requests` entry. */
function record(entry, call, verified) {
  entry.action = call.action
  entry.verified = verified
  entry.secretId = call.secretId
  entry.timestamp = call.timestamp ?? null
  entry.dirs = call.dirs
  if (call.token !== undefined) entry.token = call.token
  if (entry.api === '2.0') {
    if (call.nonce !== undefined) entry.nonce = call.nonce
    entry.params = call.params
    entry.stringToSign = call.stringToSign
  } else {
    entry.body = call.body ?? call.text
    if (call.canonicalRequest) entry.canonicalRequest = call.canonicalRequest
  }
}

function arrival(req) {
  const { path } = requestLine(req)
  const api = path === V2_PATH ? '2.0' : path === V3_PATH ? '3.0' : 'unknown'
  return {
    api,
    action: '',
    method: req.method,
    path,
    verified: false,
    secretId: '',
    timestamp: null,
    dirs: [],
    headers: req.headers,
    status: 0,
    response: undefined
  }
}

function requestLine(req) {
  const target = req.url ?? '/'
  return { method: req.method, target, path: target.split('?')[0] }
}

/** The body, or null if the client left first; counts past KEEP_BYTES. */
function readBody(req) {
  return new Promise(resolve => {
    const chunks = []
    let size = 0
    req.on('data', chunk => {
      if (size < KEEP_BYTES) chunks.push(chunk)
      size += chunk.length
    })
    req.on('end', () => resolve({ body: Buffer.concat(chunks), size }))
    req.on('error', () => resolve(null))
    req.on('close', () => resolve(null))
  })
}

// An exception here is an emulator bug: answer 500 so the test sees it.
function crashed(res, entry, err, ctx) {
  const text = `emulator error: ${err?.stack ?? err}`
  entry.status = 500
  entry.response = text
  if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
  res.end(text)
  ctx.log?.(logLine(entry))
}

function logLine(entry) {
  const who = entry.secretId ? ` ${entry.secretId.slice(0, 8)}…` : ''
  const dirs = entry.dirs.length > 0 ? ` dirs=${entry.dirs.length}` : ''
  const action = entry.action || '-'
  return `${entry.api} ${entry.method} ${entry.path} ${action}${who}${dirs} → ${outcome(entry)}`
}

function outcome(entry) {
  const http = entry.status === 0 ? 'no answer' : `HTTP ${entry.status}`
  if (entry.fault) return `fault ${entry.fault} (${http})`
  const body = entry.response
  if (typeof body !== 'object' || body === null) return http
  if ('code' in body) return `${http} code ${body.code} ${body.codeDesc}`
  return `${http} ${body.Response?.Error?.Code ?? 'OK'}`
}

function context(options) {
  const credentials = options?.credentials
  if (typeof credentials !== 'object' || credentials === null) {
    throw new TypeError('startEmulator: credentials {secretId: key} required')
  }
  const now = options.now ?? (() => Date.now())
  const overseas = hostSet(options.overseasDomains, 'overseasDomains')
  return {
    credentials: new Map(Object.entries(credentials)),
    overseasDomains: overseas,
    domains: {
      overseas,
      mainland: hostSet(options.mainlandDomains ?? [], 'mainlandDomains')
    },
    dailyLimit: count(options.dailyLimit ?? 100, 'dailyLimit'),
    batchLimit: count(options.batchLimit ?? 20, 'batchLimit'),
    now,
    ledger: createLedger(now),
    log: options.log
  }
}

function hostSet(hosts, name) {
  if (!Array.isArray(hosts)) {
    throw new TypeError(`startEmulator: ${name} must be an array of hosts`)
  }
  return new Set(hosts.map(host => String(host).toLowerCase()))
}

function count(value, name) {
  if (!Number.isInteger(value) || value < 0) {
    throw new TypeError(`startEmulator: ${name} must be a whole number >= 0`)
  }
  return value
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
}

// server.close() alone waits for open sockets, hung ones included.
// Delayed answers not yet sent are dropped.
function close(server, sockets, timers) {
  for (const timer of timers) clearTimeout(timer)
  timers.clear()
  return new Promise(resolve => {
    server.close(() => resolve())
    for (const socket of sockets) socket.destroy()
  })
}
