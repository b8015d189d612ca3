// detectChanges when git cannot answer (shallow clone, no checkout): the REST
// API, served by a fake GitHub that answers from a real repository.
import { detectChanges } from '../src/changes/index'
import type { ChangeContext } from '../src/changes/index'
import { FakeGitHub } from './helpers/fake-github'
import {
  context,
  memoryLog,
  pullPayload,
  pushPayload
} from './helpers/git-context'
import { type Changes, GitRepo, ZERO } from './helpers/git-repo'

const repos: GitRepo[] = []
const fakes: FakeGitHub[] = []
afterAll(async () => {
  await Promise.all(fakes.map(fake => fake.stop()))
  await Promise.all(repos.map(repo => repo.remove()))
})

async function origin(): Promise<GitRepo> {
  const repo = await GitRepo.init()
  repos.push(repo)
  return repo
}

async function shallow(
  repo: GitRepo,
  depth = 1,
  branch?: string
): Promise<GitRepo> {
  const clone = await repo.clone({ depth, branch })
  repos.push(clone)
  return clone
}

async function serve(repo: GitRepo): Promise<FakeGitHub> {
  const fake = await FakeGitHub.start(repo.dir)
  fakes.push(fake)
  return fake
}

function restContext(
  fake: FakeGitHub,
  over: Partial<ChangeContext>
): ChangeContext {
  return context({ token: 'test-token', apiUrl: fake.url, ...over })
}

const COMPARE = /\/compare\//
const COMMIT = /\/commits\//
const short = (sha: string): string => sha.slice(0, 7)
const names = (prefix: string, n: number): string[] =>
  Array.from(
    { length: n },
    (_, i) => `${prefix}/page-${String(i).padStart(3, '0')}.html`
  )
const filesOf = (paths: string[]): Record<string, string> =>
  Object.fromEntries(paths.map(path => [path, path]))

it('answers a push from a shallow clone with REST compare, renames both sides', async () => {
  const repo = await origin()
  const before = await repo.commit({
    'site/mod.html': 'v1',
    'site/gone/b.html': 'bye',
    'site/old/a.html': 'a page long enough for a rename to be seen\n'.repeat(5)
  })
  await repo.move('site/old/a.html', 'site/new/a.html')
  const after = await repo.commit({
    'site/mod.html': 'v2',
    'site/gone/b.html': null,
    'docs/My Guide/intro.html': 'spaces',
    'docs/中文/a.html': 'non-ascii',
    'site/say "hi".html': 'quotes'
  })
  const workspace = await shallow(repo)
  const fake = await serve(repo)
  const result = await detectChanges(
    restContext(fake, {
      workspace: workspace.dir,
      payload: pushPayload(before, after, [after])
    })
  )
  expect(result).toEqual({
    kind: 'files',
    source: `REST compare ${short(before)}...${short(after)}`,
    files: [
      'docs/My Guide/intro.html',
      'docs/中文/a.html',
      'site/gone/b.html',
      'site/mod.html',
      'site/new/a.html',
      'site/old/a.html',
      'site/say "hi".html'
    ]
  })
  expect(fake.count(COMPARE)).toBe(1)
  expect(fake.count(COMMIT)).toBe(0)
})

it('finds all 320 files of a push past the compare cap, by commit pages (F21)', async () => {
  const repo = await origin()
  const before = await repo.commit({ 'README.md': 'r' })
  const big = names('site/big', 310)
  const small = names('site/small', 10)
  const c1 = await repo.commit(filesOf(big))
  const after = await repo.commit(filesOf(small))
  const fake = await serve(repo)
  const log = memoryLog()
  const result = await detectChanges(
    restContext(fake, { log, payload: pushPayload(before, after, [c1, after]) })
  )
  expect(result).toEqual({
    kind: 'files',
    source: 'REST, 2 commits one by one (compare capped at 300 files)',
    files: [...big, ...small].sort()
  })
  // One compare, then c1's 310 files in pages of 100 (4) and after's (1).
  expect(fake.count(COMPARE)).toBe(1)
  expect(fake.count(new RegExp(`/commits/${c1}$`))).toBe(4)
  expect(fake.count(new RegExp(`/commits/${after}$`))).toBe(1)
  expect(log.warnings.join('\n')).toMatch(/stops at 300 files/)
})

it('pages the commits of a capped range longer than one page', async () => {
  const repo = await origin()
  const before = await repo.commit({ 'README.md': 'r' })
  const perCommit = Array.from({ length: 101 }, (_, i) =>
    names(`site/c${i}`, 3)
  )
  const shas = await repo.commitMany(perCommit.map(filesOf))
  const fake = await serve(repo)
  const result = await detectChanges(
    restContext(fake, { payload: pushPayload(before, shas[100], shas) })
  )
  expect(result.kind).toBe('files')
  expect(result).toMatchObject({ files: perCommit.flat().sort() })
  expect(
    fake.requests
      .filter(r => COMPARE.test(r.path))
      .map(r => r.query.get('page'))
  ).toEqual(['1', '2'])
  expect(fake.count(COMMIT)).toBe(101)
})

it('finds the change of commit 3 of 25 over REST (F23)', async () => {
  const repo = await origin()
  const before = await repo.commit({ 'site/index.html': 'home' })
  const shas = await repo.commitMany(
    Array.from({ length: 25 }, (_, i): Changes =>
      i === 2 ? { 'site/three/page.html': 'c3' } : {}
    )
  )
  const fake = await serve(repo)
  const ranged = await detectChanges(
    restContext(fake, { payload: pushPayload(before, shas[24], shas) })
  )
  expect(ranged).toMatchObject({
    kind: 'files',
    files: ['site/three/page.html']
  })
  // The same commits pushed as a new branch are read one by one.
  const created = await detectChanges(
    restContext(fake, {
      payload: pushPayload(ZERO, shas[24], shas, { created: true })
    })
  )
  expect(created).toEqual({
    kind: 'files',
    source: 'REST, 25 commits one by one (new branch)',
    files: ['site/three/page.html']
  })
})

describe('new branch over REST', () => {
  let repo: GitRepo
  let f1: string
  let f2: string
  beforeAll(async () => {
    repo = await origin()
    await repo.commit({ 'site/base.html': 'base' })
    await repo.commit({ 'site/base2.html': 'base' })
    await repo.git('checkout', '-q', '-b', 'feature')
    f1 = await repo.commit({ 'site/f1.html': '1' })
    f2 = await repo.commit({ 'site/f2.html': '2' })
  })

  it('reads commits a depth-1 clone cannot diff (its tip is a shallow boundary)', async () => {
    const workspace = await shallow(repo, 1, 'feature')
    const fake = await serve(repo)
    const result = await detectChanges(
      restContext(fake, {
        workspace: workspace.dir,
        payload: pushPayload(ZERO, f2, [f1, f2], { created: true })
      })
    )
    expect(result).toEqual({
      kind: 'files',
      source: 'REST, 2 commits one by one (new branch)',
      files: ['site/f1.html', 'site/f2.html']
    })
    expect(fake.count(COMMIT)).toBe(2)
  })

  it('mixes git and REST when the clone has some of the commits', async () => {
    const workspace = await shallow(repo, 2, 'feature')
    const fake = await serve(repo)
    const result = await detectChanges(
      restContext(fake, {
        workspace: workspace.dir,
        payload: pushPayload(ZERO, f2, [f1, f2], { created: true })
      })
    )
    expect(result).toEqual({
      kind: 'files',
      source: 'git and REST, 2 commits one by one (new branch)',
      files: ['site/f1.html', 'site/f2.html']
    })
    expect(fake.requests.map(r => r.path)).toEqual([
      `/repos/octo/site/commits/${f1}`
    ])
  })

  it('is unknown when neither git nor REST can read the commits', async () => {
    const fake = await serve(repo)
    fake.fail(500)
    const result = await detectChanges(
      restContext(fake, {
        payload: pushPayload(ZERO, f2, [f1, f2], { created: true })
      })
    )
    expect(result).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('HTTP 500')
    })
  })
})

describe('force push without the old commit in the checkout', () => {
  let repo: GitRepo
  let before: string
  let after: string
  beforeAll(async () => {
    repo = await origin()
    await repo.commit({ 'base.html': 'b' })
    const kept = await repo.commit({ 'kept.html': 'k' })
    before = await repo.commit({ 'dropped/x.html': 'x' })
    await repo.git('reset', '-q', '--hard', kept)
    after = await repo.commit({ 'added/y.html': 'y' })
  })

  it('adds the replaced side when before still exists but is not an ancestor', async () => {
    const workspace = await shallow(repo)
    const fake = await serve(repo)
    const log = memoryLog()
    const result = await detectChanges(
      restContext(fake, {
        log,
        workspace: workspace.dir,
        payload: pushPayload(before, after, [after], { forced: true })
      })
    )
    // REST compare alone would answer added/y.html (from the merge base).
    expect(result).toEqual({
      kind: 'files',
      source: `REST compare ${short(before)}...${short(after)} + REST compare ${short(after)}...${short(before)} (forced push, ${short(before)} not an ancestor)`,
      files: ['added/y.html', 'dropped/x.html']
    })
    expect(log.warnings.join('\n')).toMatch(/not an ancestor/)
  })

  it('covers a branch reset to an older commit (after is behind before)', async () => {
    const kept = (await repo.git('rev-parse', `${after}~1`)).trim()
    const workspace = await shallow(repo)
    const fake = await serve(repo)
    const result = await detectChanges(
      restContext(fake, {
        workspace: workspace.dir,
        payload: pushPayload(before, kept, [], { forced: true })
      })
    )
    expect(result).toMatchObject({ kind: 'files', files: ['dropped/x.html'] })
  })

  it('falls back to the pushed commits when before is gone (404)', async () => {
    // A clone carries only reachable commits: the replaced one is gone.
    const gone = await repo.clone()
    repos.push(gone)
    const workspace = await shallow(gone)
    const fake = await serve(gone)
    const log = memoryLog()
    const result = await detectChanges(
      restContext(fake, {
        log,
        workspace: workspace.dir,
        payload: pushPayload(before, after, [after], { forced: true })
      })
    )
    expect(result).toEqual({
      kind: 'files',
      source: 'REST, 1 commit one by one (forced push, range not readable)',
      files: ['added/y.html']
    })
    expect(log.warnings.join('\n')).toMatch(/replaced commits are not included/)
  })
})

it('takes a pull request from REST compare base...head', async () => {
  const repo = await origin()
  await repo.commit({ 'shared.html': 's' })
  await repo.git('checkout', '-q', '-b', 'feature')
  const head = await repo.commit({ 'site/feature.html': 'f' })
  await repo.git('checkout', '-q', 'main')
  const base = await repo.commit({ 'site/main-only.html': 'm' })
  const fake = await serve(repo)
  const result = await detectChanges(
    restContext(fake, {
      eventName: 'pull_request',
      payload: pullPayload(base, head)
    })
  )
  expect(result).toEqual({
    kind: 'files',
    source: `REST compare ${short(base)}...${short(head)}`,
    files: ['site/feature.html']
  })
})

describe('REST failures become unknown, never a throw', () => {
  let repo: GitRepo
  let before: string
  let shas: string[]
  beforeAll(async () => {
    repo = await origin()
    before = await repo.commit({ 'a.html': 'a' })
    shas = await repo.commitMany([
      { 'b.html': 'b' },
      { 'c.html': 'c' },
      { 'd.html': 'd' }
    ])
  })

  it('stops at a rejected token (401) after one request', async () => {
    const fake = await serve(repo)
    const result = await detectChanges(
      context({
        token: 'wrong',
        apiUrl: fake.url,
        payload: pushPayload(before, shas[2], shas)
      })
    )
    expect(result).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('HTTP 401: Bad credentials')
    })
    expect(fake.count()).toBe(1)
  })

  it('is unknown when the API cannot be reached', async () => {
    const fake = await serve(repo)
    const url = fake.url
    await fake.stop()
    const result = await detectChanges(
      context({
        token: 'test-token',
        apiUrl: url,
        payload: pushPayload(before, shas[2], shas)
      })
    )
    expect(result).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('network error')
    })
  })

  it('never returns the capped 300 when the commits cannot be read', async () => {
    const big = await origin()
    const from = await big.commit({ 'r.md': 'r' })
    const to = await big.commit(filesOf(names('site', 320)))
    const fake = await serve(big)
    fake.fail(500, COMMIT)
    const result = await detectChanges(
      restContext(fake, { payload: pushPayload(from, to, [to]) })
    )
    expect(result.kind).toBe('unknown')
  })

  it('is unknown when the compare answers 500 and the push lists no commits', async () => {
    const fake = await serve(repo)
    fake.fail(500)
    const result = await detectChanges(
      restContext(fake, { payload: pushPayload(before, shas[2], []) })
    )
    expect(result).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('HTTP 500')
    })
  })

  it('is unknown for a pull request REST cannot compare', async () => {
    const fake = await serve(repo)
    fake.fail(404)
    const result = await detectChanges(
      restContext(fake, {
        eventName: 'pull_request',
        payload: pullPayload(before, shas[2])
      })
    )
    expect(result).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('HTTP 404')
    })
  })
})
