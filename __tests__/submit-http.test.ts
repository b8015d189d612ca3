// The real node-fetch path against a loopback server: the bytes on the
// wire, timeouts, resets, refusals, redirects.
import { createHash, createHmac } from 'node:crypto'
import { defaultDeps, submit } from '../src/submit/index'
import type { SubmitDeps } from '../src/submit/index'
import {
  SECRET_ID,
  SECRET_KEY,
  settingsV2,
  settingsV3
} from './helpers/submit-fakes'
import {
  type Loopback,
  closedPort,
  loopback,
  silentTcp
} from './helpers/submit-server'

// Jest 30 fails a test when a promise rejection goes unhandled while it
// runs; the short waits below give a late rejection time to show.
const settle = (): Promise<void> =>
  new Promise(resolve => setTimeout(resolve, 30))

let servers: Loopback[] = []
afterEach(async () => {
  await Promise.all(servers.map(s => s.close()))
  servers = []
})
async function serve(s: Promise<Loopback>): Promise<Loopback> {
  const server = await s
  servers.push(server)
  return server
}

function deps(): { deps: SubmitDeps; lines: string[] } {
  const lines: string[] = []
  const log = {
    info: (m: string) => lines.push(m),
    debug: (m: string) => lines.push(m),
    warning: (m: string) => lines.push(m)
  }
  // Real fetch and clock; retries without waiting.
  return { deps: { ...defaultDeps(log), sleep: async () => undefined }, lines }
}

const json =
  (body: unknown) =>
  (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify(body))
  }

it('API 2.0: the signature verifies against the Host header received', async () => {
  const server = await serve(loopback(json({ code: 0, data: { count: 2 } })))
  const endpoint = `${server.origin}/v2/index.php`
  const d = deps()
  const dirs = ['https://h.example/a b/', 'https://h.example/c+d/']
  const out = await submit([dirs], settingsV2({ endpoint }), d.deps)

  expect(out.results[0]).toMatchObject({ status: 'accepted', count: 2 })
  const [req] = server.received
  expect(req.method).toBe('POST')
  expect(req.url).toBe('/v2/index.php')
  expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded')
  expect(req.headers.host).toBe(`127.0.0.1:${server.port}`)
  const form = new URLSearchParams(req.body)
  expect(form.getAll('dirs.0')).toEqual([dirs[0]])
  expect(form.get('dirs.1')).toBe(dirs[1])
  const pairs = [...form.entries()].filter(([k]) => k !== 'Signature')
  pairs.sort(([a], [b]) => (a < b ? -1 : 1))
  const toSign = `POST${req.headers.host}${req.url}?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`
  const expected = createHmac('sha256', SECRET_KEY)
    .update(toSign)
    .digest('base64')
  expect(form.get('Signature')).toBe(expected)
  expect(Number(form.get('Timestamp'))).toBeCloseTo(Date.now() / 1000, -2)
  expect(Number(form.get('Nonce'))).toBeGreaterThan(0)
})

it('API 3.0: the Authorization verifies against the headers received', async () => {
  const server = await serve(
    loopback(json({ Response: { TaskId: 't', RequestId: 'r' } }))
  )
  const d = deps()
  const out = await submit(
    [['https://h/a/']],
    settingsV3({ endpoint: `${server.origin}/` }),
    d.deps
  )
  expect(out.results[0]).toMatchObject({
    status: 'accepted',
    taskId: 't',
    requestId: 'r'
  })

  const [req] = server.received
  const h = req.headers
  expect(h['x-tc-action']).toBe('PurgePathCache')
  expect(h['x-tc-version']).toBe('2018-06-06')
  expect(h['x-tc-token']).toBeUndefined()
  const sha = (s: string): string =>
    createHash('sha256').update(s).digest('hex')
  const mac = (k: string | Buffer, s: string): Buffer =>
    createHmac('sha256', k).update(s).digest()
  const ts = String(h['x-tc-timestamp'])
  const date = new Date(Number(ts) * 1000).toISOString().slice(0, 10)
  const canonical = `POST\n/\n\ncontent-type:${h['content-type']}\nhost:${h.host}\n\ncontent-type;host\n${sha(req.body)}`
  const toSign = `TC3-HMAC-SHA256\n${ts}\n${date}/cdn/tc3_request\n${sha(canonical)}`
  const key = mac(mac(mac(`TC3${SECRET_KEY}`, date), 'cdn'), 'tc3_request')
  const sig = createHmac('sha256', key).update(toSign).digest('hex')
  expect(h.authorization).toBe(
    `TC3-HMAC-SHA256 Credential=${SECRET_ID}/${date}/cdn/tc3_request, SignedHeaders=content-type;host, Signature=${sig}`
  )
  expect(h['content-type']).toBe('application/json; charset=utf-8')
})

it('a request that is never answered ends uncertain', async () => {
  const server = await serve(loopback(() => undefined))
  const d = deps()
  const s = settingsV2({
    endpoint: `${server.origin}/v2/index.php`,
    timeoutMs: 150,
    retries: 1
  })
  const out = await submit([['https://h/a/']], s, d.deps)
  expect(server.received).toHaveLength(2)
  expect(out.results[0]).toMatchObject({
    status: 'uncertain',
    code: 'timeout',
    attempts: 2
  })
  expect(out.results[0].message).toMatch(/may have been refreshed/)
  await settle()
})

it('the time limit covers the body too', async () => {
  const server = await serve(
    loopback((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('{"code":0,') // …and never the rest
    })
  )
  const d = deps()
  const s = settingsV2({
    endpoint: `${server.origin}/v2/index.php`,
    timeoutMs: 150,
    retries: 0
  })
  const out = await submit([['https://h/a/']], s, d.deps)
  expect(out.results[0]).toMatchObject({ status: 'uncertain', code: 'timeout' })
})

it('a reset is a network failure, retried, with no unhandled rejection', async () => {
  const server = await serve(
    loopback((_req, _res, raw) => raw.socket.destroy())
  )
  const d = deps()
  const s = settingsV3({ endpoint: `${server.origin}/`, retries: 2 })
  const out = await submit([['https://h/a/']], s, d.deps)
  expect(server.received).toHaveLength(3)
  expect(out.results[0]).toMatchObject({
    status: 'failed',
    code: 'network',
    attempts: 3
  })
  expect(out.results[0].message).toContain('ECONNRESET')
  await settle()
})

it('a refused connection fails plainly (never sent, not uncertain)', async () => {
  const port = await closedPort()
  const d = deps()
  const s = settingsV2({
    endpoint: `http://127.0.0.1:${port}/v2/index.php`,
    retries: 1
  })
  const out = await submit([['https://h/a/']], s, d.deps)
  expect(out.results[0]).toMatchObject({
    status: 'failed',
    code: 'network',
    attempts: 2
  })
  expect(out.results[0].message).toContain('ECONNREFUSED')
})

it('a timeout before the TLS handshake ends is not uncertain', async () => {
  const server = await serve(silentTcp())
  const d = deps()
  const s = settingsV3({
    endpoint: `${server.origin}/`,
    timeoutMs: 150,
    retries: 0
  })
  const out = await submit([['https://h/a/']], s, d.deps)
  expect(out.results[0]).toMatchObject({ status: 'failed', code: 'timeout' })
})

it('never follows a redirect with the signed request', async () => {
  const elsewhere = await serve(loopback(json({ code: 0, data: { count: 1 } })))
  const server = await serve(
    loopback((_req, res) => {
      res.writeHead(307, { Location: `${elsewhere.origin}/v2/index.php` })
      res.end()
    })
  )
  const d = deps()
  const s = settingsV2({ endpoint: `${server.origin}/v2/index.php` })
  const out = await submit([['https://h/a/']], s, d.deps)
  expect(elsewhere.received).toHaveLength(0)
  expect(out.results[0]).toMatchObject({
    status: 'failed',
    code: 'HTTP 307',
    attempts: 1
  })
  expect(out.results[0].hint).toContain('`api-version: 3.0`')
})

it('reads Retry-After from a real answer', async () => {
  const server = await serve(
    loopback((_req, res) => {
      if (server.received.length === 1) {
        res.writeHead(503, { 'Retry-After': '2' })
        res.end('busy')
      } else json({ code: 0, data: { count: 1 } })(undefined, res)
    })
  )
  const waits: number[] = []
  const d = deps()
  d.deps.sleep = async ms => {
    waits.push(ms)
  }
  const s = settingsV2({ endpoint: `${server.origin}/v2/index.php` })
  const out = await submit([['https://h/a/']], s, d.deps)
  expect(out.results[0]).toMatchObject({ status: 'accepted', attempts: 2 })
  expect(waits).toEqual([2000])
})

it('stops reading an answer past 1 MiB and judges it as not the API’s', async () => {
  let written = 0
  const server = await serve(
    loopback((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const chunk = Buffer.alloc(64 * 1024, 'a')
      // 8 MiB on offer; the client must give up long before.
      const pump = (): void => {
        while (written < 128) {
          written++
          if (!res.write(chunk)) {
            res.once('drain', pump)
            return
          }
        }
        res.end()
      }
      pump()
    })
  )
  const d = deps()
  const out = await submit(
    [['https://h.example/a/']],
    settingsV2({ endpoint: `${server.origin}/v2/index.php`, retries: 0 }),
    d.deps
  )
  await settle()

  expect(out.results[0]).toMatchObject({
    status: 'failed',
    code: 'unexpected answer'
  })
  expect(out.results[0].message).toContain('more than 1048576 bytes')
})
