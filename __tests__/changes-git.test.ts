// detectChanges answered by git in the workspace: real repositories, real git.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { detectChanges } from '../src/changes/index'
import { FakeGitHub } from './helpers/fake-github'
import {
  context,
  memoryLog,
  pullPayload,
  pushPayload
} from './helpers/git-context'
import { type Changes, GitRepo, ZERO } from './helpers/git-repo'

const repos: GitRepo[] = []
async function newRepo(): Promise<GitRepo> {
  const repo = await GitRepo.init()
  repos.push(repo)
  return repo
}
afterAll(async () => {
  await Promise.all(repos.map(repo => repo.remove()))
})

describe('push range by git', () => {
  let repo: GitRepo
  let before: string
  let after: string

  beforeAll(async () => {
    repo = await newRepo()
    before = await repo.commit({
      'site/keep.html': 'keep',
      'site/mod.html': 'v1',
      'site/gone/b.html': 'bye',
      'site/old/a.html': 'a page long enough for git to see a rename\n'.repeat(
        5
      )
    })
    await repo.move('site/old/a.html', 'site/new/a.html')
    after = await repo.commit({
      'site/mod.html': 'v2',
      'site/gone/b.html': null,
      'docs/My Guide/intro.html': 'spaces',
      'docs/中文/a.html': 'non-ascii',
      'site/say "hi".html': 'quotes'
    })
  })

  it('lists added, modified, deleted and both sides of a rename, unquoted', async () => {
    const result = await detectChanges(
      context({
        workspace: repo.dir,
        payload: pushPayload(before, after, [after])
      })
    )
    expect(result).toEqual({
      kind: 'files',
      source: `git diff ${before.slice(0, 7)}..${after.slice(0, 7)} (push)`,
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
  })

  it('prefers git even when REST is available', async () => {
    const fake = await FakeGitHub.start(repo.dir)
    try {
      const result = await detectChanges(
        context({
          workspace: repo.dir,
          token: 'test-token',
          apiUrl: fake.url,
          payload: pushPayload(before, after, [after])
        })
      )
      expect(result.kind).toBe('files')
      expect(fake.count()).toBe(0)
    } finally {
      await fake.stop()
    }
  })
})

it('counts every commit of a push: 25 commits, the change in commit 3 (F23)', async () => {
  const repo = await newRepo()
  const before = await repo.commit({ 'site/index.html': 'home' })
  const shas = await repo.commitMany(
    Array.from({ length: 25 }, (_, i): Changes =>
      i === 2 ? { 'site/three/page.html': 'c3' } : {}
    )
  )
  const after = shas[24]
  const result = await detectChanges(
    context({ workspace: repo.dir, payload: pushPayload(before, after, shas) })
  )
  expect(result).toMatchObject({
    kind: 'files',
    files: ['site/three/page.html']
  })
})

describe('new branch (before is forty zeros, F18)', () => {
  it('uses the files of the pushed commits, not the whole tree', async () => {
    const repo = await newRepo()
    await repo.commit({ 'site/base.html': 'base' })
    await repo.git('checkout', '-q', '-b', 'feature')
    const f1 = await repo.commit({ 'site/f1.html': '1' })
    const f2 = await repo.commit({
      'site/f2.html': '2',
      'site/base.html': null
    })
    const log = memoryLog()
    const result = await detectChanges(
      context({
        workspace: repo.dir,
        log,
        payload: pushPayload(ZERO, f2, [f1, f2], {
          created: true,
          ref: 'refs/heads/feature'
        })
      })
    )
    expect(result).toEqual({
      kind: 'files',
      source: 'git, 2 commits one by one (new branch)',
      files: ['site/base.html', 'site/f1.html', 'site/f2.html']
    })
  })

  it('lists a root commit against the empty tree', async () => {
    const repo = await newRepo()
    const root = await repo.commit({ 'index.html': 'i', 'css/a.css': 'a' })
    const result = await detectChanges(
      context({
        workspace: repo.dir,
        payload: pushPayload(ZERO, root, [root], { created: true })
      })
    )
    expect(result).toMatchObject({
      kind: 'files',
      files: ['css/a.css', 'index.html']
    })
  })

  it('diffs a merge commit against its first parent', async () => {
    const repo = await newRepo()
    await repo.commit({ 'base.html': 'b' })
    await repo.git('checkout', '-q', '-b', 'feature')
    const f1 = await repo.commit({ 'feature.html': 'f' })
    await repo.git('checkout', '-q', 'main')
    await repo.commit({ 'main.html': 'm' })
    await repo.git('checkout', '-q', 'feature')
    await repo.git('merge', '-q', '--no-edit', 'main')
    const merge = await repo.head()
    const result = await detectChanges(
      context({
        workspace: repo.dir,
        payload: pushPayload(ZERO, merge, [f1, merge])
      })
    )
    expect(result).toMatchObject({
      kind: 'files',
      files: ['feature.html', 'main.html']
    })
  })

  it('is unknown when the push lists no commits', async () => {
    const repo = await newRepo()
    const head = await repo.commit({ 'a.html': 'a' })
    const result = await detectChanges(
      context({
        workspace: repo.dir,
        payload: pushPayload(ZERO, head, [], { created: true })
      })
    )
    expect(result.kind).toBe('unknown')
    expect(result).toMatchObject({
      reason: expect.stringContaining('lists no commits')
    })
  })
})

it('reports a deleted branch', async () => {
  const payload = pushPayload('1'.repeat(40), ZERO, [], { deleted: true })
  expect(await detectChanges(context({ payload }))).toEqual({
    kind: 'deleted-branch',
    source: 'the push deleted a branch'
  })
  const unflagged = pushPayload('1'.repeat(40), ZERO, [])
  expect((await detectChanges(context({ payload: unflagged }))).kind).toBe(
    'deleted-branch'
  )
})

it('diffs the trees of a force push, not from the merge base', async () => {
  const repo = await newRepo()
  await repo.commit({ 'base.html': 'b' })
  const kept = await repo.commit({ 'kept.html': 'k' })
  const before = await repo.commit({ 'dropped/x.html': 'x' })
  await repo.git('reset', '-q', '--hard', kept)
  const after = await repo.commit({ 'added/y.html': 'y' })
  const result = await detectChanges(
    context({
      workspace: repo.dir,
      payload: pushPayload(before, after, [after], { forced: true })
    })
  )
  expect(result).toEqual({
    kind: 'files',
    source: `git diff ${before.slice(0, 7)}..${after.slice(0, 7)} (forced push)`,
    files: ['added/y.html', 'dropped/x.html']
  })
})

it('takes a pull request from the merge base (base...head)', async () => {
  const repo = await newRepo()
  await repo.commit({ 'shared.html': 's' })
  await repo.git('checkout', '-q', '-b', 'feature')
  const head = await repo.commit({ 'site/feature.html': 'f' })
  await repo.git('checkout', '-q', 'main')
  const base = await repo.commit({ 'site/main-only.html': 'm' })
  for (const eventName of ['pull_request', 'pull_request_target']) {
    const result = await detectChanges(
      context({
        eventName,
        workspace: repo.dir,
        payload: pullPayload(base, head)
      })
    )
    expect(result).toEqual({
      kind: 'files',
      source: `git diff ${base.slice(0, 7)}...${head.slice(0, 7)} (pull request)`,
      files: ['site/feature.html']
    })
  }
})

describe('events without a range', () => {
  it.each([
    ['workflow_dispatch', { inputs: {} }],
    ['schedule', { schedule: '0 0 * * *' }],
    ['repository_dispatch', { action: 'deploy', client_payload: {} }],
    ['release', {}],
    ['constructor', {}]
  ])('%s → no-range (F20)', async (eventName, payload) => {
    const result = await detectChanges(context({ eventName, payload }))
    expect(result).toEqual({
      kind: 'no-range',
      source: `${eventName} event has no commit range`
    })
  })
})

it('takes the files input as given, normalised, without detection', async () => {
  const result = await detectChanges(
    context({
      eventName: 'workflow_dispatch',
      files: [
        './a/b.html',
        '/c.html',
        'a\\d.html',
        'a//e.html',
        './a/b.html',
        '',
        'docs/中文/x y.html'
      ]
    })
  )
  expect(result).toEqual({
    kind: 'files',
    source: 'the files input',
    files: ['a/b.html', 'c.html', 'a/d.html', 'a/e.html', 'docs/中文/x y.html']
  })
})

describe('when nothing can answer', () => {
  it('is unknown for a push payload without commits ({})', async () => {
    const result = await detectChanges(context({ payload: {} }))
    expect(result.kind).toBe('unknown')
  })

  it('is unknown, naming why, when the workspace is no repository and there is no token', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'changes-empty-'))
    try {
      const a = 'a'.repeat(40)
      const b = 'b'.repeat(40)
      const result = await detectChanges(
        context({ workspace: empty, payload: pushPayload(a, b, [b]) })
      )
      expect(result).toMatchObject({
        kind: 'unknown',
        reason: expect.stringContaining('no github-token')
      })
      expect(result).toMatchObject({
        reason: expect.stringContaining('not a git repository')
      })
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })

  it('never hands a sha that is not one to git', async () => {
    const repo = await newRepo()
    await repo.commit({ 'a.html': 'a' })
    const payload = pushPayload('--output=/tmp/x', '-p', [])
    const result = await detectChanges(
      context({ workspace: repo.dir, payload })
    )
    expect(result.kind).toBe('unknown')
  })
})
