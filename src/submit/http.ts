// One HTTP exchange: send, read the whole answer, within a time limit. It
// never throws; everything that can go wrong comes back as a value.
import http from 'node:http'
import https from 'node:https'
import type { Duplex } from 'node:stream'

/** The part of a fetch Response this stage reads. */
export interface HttpResponseLike {
  status: number
  headers: { get(name: string): string | null }
  text(): Promise<string>
}

export interface FetchInit {
  method: 'POST'
  headers: Record<string, string>
  body: string
  signal: AbortSignal
  /** A signed request is never resent elsewhere (307/308 would carry the
   * SecretId and signature to another host). */
  redirect: 'manual'
  agent: (url: URL) => http.Agent
  /** The most bytes of answer read (node-fetch's `size`). */
  size: number
}

// The API's answers are a few hundred bytes; a body past 1 MiB is not one,
// and reading it whole could exhaust the runner's memory.
export const MAX_ANSWER_BYTES = 1 << 20

/** node-fetch's default export fits; tests pass a fake. */
export type FetchLike = (
  url: string,
  init: FetchInit
) => Promise<HttpResponseLike>

export interface Answer {
  kind: 'answer'
  status: number
  headers: HttpResponseLike['headers']
  text: string
}

export type Exchange =
  | Answer
  /** maybeSent: the request may have reached the API before time ran out. */
  | { kind: 'timeout'; maybeSent: boolean }
  | { kind: 'error'; error: unknown }

/**
 * Where the connection got to. 'unknown' when the agent was never used
 * (an injected fetch): then a timeout is assumed to have been sent.
 */
type Phase = 'unknown' | 'connecting' | 'connected'
interface Probe {
  phase: Phase
}

function watch(
  probe: Probe,
  socket: Duplex | null | undefined,
  ready: string
): void {
  if (!socket) return
  probe.phase = 'connecting'
  // Once connected, Node writes the request at once: from here on a
  // timeout may hide an accepted request.
  socket.once(ready, () => {
    probe.phase = 'connected'
  })
}

class ProbeHttpAgent extends http.Agent {
  constructor(private readonly probe: Probe) {
    super({ keepAlive: false })
  }
  createConnection(
    options: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback)
    watch(this.probe, socket, 'connect')
    return socket
  }
}

class ProbeHttpsAgent extends https.Agent {
  constructor(private readonly probe: Probe) {
    super({ keepAlive: false })
  }
  createConnection(
    options: http.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback)
    watch(this.probe, socket, 'secureConnect')
    return socket
  }
}

export interface OutgoingRequest {
  url: string
  headers: Record<string, string>
  body: string
}

/** A fresh probing agent per attempt, remembered so it can be destroyed. */
function agentsFor(probe: Probe, made: http.Agent[]): FetchInit['agent'] {
  return url => {
    const agent =
      url.protocol === 'https:'
        ? new ProbeHttpsAgent(probe)
        : new ProbeHttpAgent(probe)
    made.push(agent)
    return agent
  }
}

/** The whole answer, headers and body; errors become values. */
async function readAll(
  fetchFn: FetchLike,
  url: string,
  init: FetchInit,
  onHeaders: () => void
): Promise<Exchange> {
  try {
    const response = await fetchFn(url, init)
    onHeaders()
    const { status, headers } = response
    return { kind: 'answer', status, headers, text: await readText(response) }
  } catch (error) {
    return { kind: 'error', error }
  }
}

/** The body, or a note in its place when it is over the size limit. */
async function readText(response: HttpResponseLike): Promise<string> {
  try {
    return await response.text()
  } catch (error) {
    if ((error as { type?: string }).type !== 'max-size') throw error
    // Not JSON, so judged like any answer that is not the API's.
    return `(an answer of more than ${MAX_ANSWER_BYTES} bytes, not read)`
  }
}

export async function exchange(
  fetchFn: FetchLike,
  request: OutgoingRequest,
  timeoutMs: number
): Promise<Exchange> {
  const controller = new AbortController()
  const probe: Probe = { phase: 'unknown' }
  const agents: http.Agent[] = []
  let answered = false
  let timer: NodeJS.Timeout | undefined

  // The limit covers the headers and the body; racing it also ends a fetch
  // that ignores the abort signal.
  const expired = new Promise<'expired'>(resolve => {
    timer = setTimeout(() => {
      controller.abort()
      resolve('expired')
    }, timeoutMs)
  })
  const init: FetchInit = {
    method: 'POST',
    headers: request.headers,
    body: request.body,
    signal: controller.signal,
    redirect: 'manual',
    agent: agentsFor(probe, agents),
    size: MAX_ANSWER_BYTES
  }
  const work = readAll(fetchFn, request.url, init, () => {
    answered = true
  })

  try {
    const first = await Promise.race([work, expired])
    // An error caused by our own abort is the timeout too.
    const late = first !== 'expired' && first.kind === 'error'
    if (first === 'expired' || (late && controller.signal.aborted)) {
      const maybeSent = answered || probe.phase !== 'connecting'
      return { kind: 'timeout', maybeSent }
    }
    return first
  } finally {
    clearTimeout(timer)
    for (const agent of agents) agent.destroy()
  }
}
