// Odd answers from the GitHub REST API never read as "nothing changed".
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { detectChanges } from '../src/changes/index'
import { context } from './helpers/git-context'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
let server: Server
let apiUrl: string

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json')
    if (req.url?.includes('/compare/')) {
      // A compare answer that forgot its file list.
      res.end(
        JSON.stringify({ status: 'ahead', total_commits: 3, commits: [] })
      )
    } else {
      res.statusCode = 401
      res.end(
        JSON.stringify({ message: 'Bad credentials for ghs_secretToken123' })
      )
    }
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise(resolve => server.close(resolve))
})

it('a compare answer without files is unknown, not an empty change', async () => {
  const change = await detectChanges(
    context({
      payload: { before: A, after: B, commits: [] },
      token: 'ghs_secretToken123',
      apiUrl
    })
  )
  expect(change.kind).toBe('unknown')
})

it('never repeats the token from an error message', async () => {
  const change = await detectChanges(
    context({
      payload: { before: A, after: B, commits: [{ id: B, message: 'm' }] },
      token: 'ghs_secretToken123',
      apiUrl
    })
  )
  const text = JSON.stringify(change)
  expect(text).toContain('Bad credentials for ***')
  expect(text).not.toContain('ghs_secretToken123')
})
