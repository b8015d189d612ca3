// Change-driven templates end to end (issue 3): the committed bundle, run as
// a runner runs it, in a workspace holding a real git repository, with push
// payloads shaped like real ones (commits carry an id and a message, never
// file lists: fact 1, F22), against the Tencent API emulator and, where git
// cannot tell, a fake GitHub REST API on loopback.
import { mkdtemp, realpath, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator, type Emulator } from '../emulator/index.mjs'
import { runAction, type ActionRun } from '../scripts/run-action.mjs'
import { FakeGitHub } from './helpers/fake-github'
import { GitRepo, ZERO, type Changes } from './helpers/git-repo'

const SECRET_ID = 'AKIDe2eTemplatesSecretIdABCDEFGHIJ'
const SECRET_KEY = 'e2eTemplatesSecretKeyValueABCDEF'
const TOKEN = 'ghs_e2eTemplatesToken'
const H = 'https://www.example.com'
const SITE = `${H}/{dir}/`

let emu: Emulator

beforeEach(async () => {
  emu = await startEmulator({
    credentials: { [SECRET_ID]: SECRET_KEY },
    overseasDomains: ['www.example.com', 'static.example.com']
  })
})

afterEach(async () => {
  await emu.close()
})

interface Run {
  inputs: Record<string, string>
  workspace: string
  event: unknown
  eventName?: string
  env?: Record<string, string>
}

function run({
  inputs,
  workspace,
  event,
  eventName,
  env
}: Run): Promise<ActionRun> {
  return runAction({
    inputs: {
      'secret-id': SECRET_ID,
      'secret-key': SECRET_KEY,
      endpoint: emu.v2Endpoint,
      ...inputs
    },
    env: { GITHUB_WORKSPACE: workspace, ...env },
    eventName: eventName ?? 'push',
    event
  })
}

const json = (text: string | undefined): unknown => JSON.parse(text ?? 'null')
const planned = (r: ActionRun): string[] =>
  json(r.outputs['planned-dirs']) as string[]
const sent = (): string[] => emu.requests.flatMap(r => r.dirs).sort()
const levels = (
  r: ActionRun,
  level: 'error' | 'warning' | 'notice'
): string[] => r.annotations.filter(a => a.level === level).map(a => a.message)
const urls = (rels: string[]): string[] =>
  rels.map(rel => (rel === '' ? `${H}/` : `${H}/${rel}/`)).sort()

/** The one log line that says where the changed files came from (9). */
function sourceLine(r: ActionRun): string {
  const lines = r.stdout
    .split('\n')
    .filter(l => l.startsWith('Changed files: '))
  expect(lines).toHaveLength(1)
  return lines[0]
}

/** A push payload as GitHub sends it to a workflow (no file arrays). */
function pushEvent(
  before: string,
  after: string,
  commits: string[],
  extra: Record<string, unknown> = {}
): Record<string, unknown> {
  const id = (sha: string): { id: string; message: string } => ({
    id: sha,
    message: `commit ${sha.slice(0, 7)}`
  })
  return {
    ref: 'refs/heads/main',
    before,
    after,
    created: false,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `https://github.com/octo-org/site/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits: commits.map(id),
    head_commit: commits.length ? id(commits[commits.length - 1]) : null,
    repository: {
      full_name: 'octo-org/site',
      name: 'site',
      owner: { login: 'octo-org' },
      default_branch: 'main'
    },
    pusher: { name: 'octocat', email: 'octocat@example.com' },
    sender: { login: 'octocat' },
    ...extra
  }
}

async function commitsBetween(
  repo: GitRepo,
  before: string,
  after: string
): Promise<string[]> {
  const out = await repo.git('rev-list', '--reverse', `${before}..${after}`)
  return out.split('\n').filter(Boolean)
}

async function emptyDir(): Promise<string> {
  return realpath(await mkdtemp(join(tmpdir(), 'e2e-templates-')))
}

// ---------------------------------------------------------------------------
// One site repository for the push-shaped cases. Built once; the tests only
// read it (refs and commits), never move it.
// ---------------------------------------------------------------------------
describe('templates from a push, git in the workspace', () => {
  let repo: GitRepo
  const sha: Record<string, string> = {}

  beforeAll(async () => {
    repo = await GitRepo.init()
    sha.a0 = await repo.commit(
      {
        'public/index.html': 'home v1',
        'public/docs/guide/intro.html': 'intro v1',
        'public/docs/guide/setup.html': 'setup v1',
        'public/docs/My Guide/intro.html': 'my guide v1',
        'public/docs/中文/a.html': 'zh v1',
        'public/gone/b.html': 'gone v1',
        'public/old/a.html': 'renamed file, same content',
        'public/blog/2024/post.html': 'post 2024 v1',
        'public/blog/2025/post.html': 'post 2025 v1',
        'public/assets/css/site.css': 'css v1',
        'public/assets/img/logo.png': 'png v1',
        'public/drafts/wip.html': 'draft v1',
        'publications/x.html': 'outside root, same prefix',
        'apps/site/public/docs/a.html': 'mono v1',
        'apps/site/src/main.ts': 'mono src v1',
        'src/build.js': 'build v1',
        'README.md': 'readme v1'
      },
      'site'
    )
    // The push under test: three commits, each one with changes (F23).
    sha.a1 = await repo.commit(
      {
        'public/docs/guide/intro.html': 'intro v2',
        'public/docs/My Guide/intro.html': 'my guide v2',
        'public/gone/b.html': null,
        'public/blog/2025/post.html': 'changed, then changed back',
        'src/build.js': 'build v2'
      },
      'a1'
    )
    await repo.move('public/old/a.html', 'public/new/a.html')
    sha.a2 = await repo.commit(
      {
        'public/docs/中文/a.html': 'zh v2',
        'public/blog/2024/post.html': 'post 2024 v2',
        'README.md': 'readme v2',
        'publications/x.html': 'outside v2'
      },
      'a2'
    )
    sha.a3 = await repo.commit(
      {
        'public/blog/2025/post.html': 'post 2025 v1',
        'public/assets/css/site.css': 'css v2',
        'public/assets/img/logo.png': 'png v2',
        'public/drafts/wip.html': 'draft v2',
        'apps/site/public/docs/a.html': 'mono v2',
        'apps/site/src/main.ts': 'mono src v2'
      },
      'a3'
    )
    // A root-level file with one deeper change.
    sha.a4 = await repo.commit(
      {
        'public/index.html': 'home v2',
        'public/docs/guide/setup.html': 'setup v2'
      },
      'a4'
    )
    // Only files outside the site root.
    sha.a5 = await repo.commit(
      { 'src/build.js': 'build v3', 'README.md': 'readme v3' },
      'a5'
    )

    // A new branch off a3 with two commits of its own.
    await repo.git('checkout', '-q', '-b', 'feature', sha.a3)
    sha.f1 = await repo.commit({ 'public/features/x.html': 'new' }, 'f1')
    sha.f2 = await repo.commit(
      { 'public/docs/guide/intro.html': 'intro v3' },
      'f2'
    )

    // A force push: `rewrite` was at o1 (kept reachable by a tag, as the
    // commit is on the runner's fetched refs), then replaced by n1.
    await repo.git('checkout', '-q', '-b', 'rewrite', sha.a3)
    sha.o1 = await repo.commit(
      {
        'public/replaced/only.html': 'only the replaced commit had this',
        'public/docs/guide/setup.html': 'setup, replaced'
      },
      'o1'
    )
    await repo.git('tag', 'old-tip', sha.o1)
    await repo.git('reset', '-q', '--hard', sha.a3)
    sha.n1 = await repo.commit({ 'public/fresh/n.html': 'fresh' }, 'n1')

    await repo.git('checkout', '-q', 'main')
  })

  afterAll(async () => {
    await repo.remove()
  })

  /** The push under test: a0..a3, three commits. */
  const mainPush = async (): Promise<Record<string, unknown>> =>
    pushEvent(sha.a0, sha.a3, await commitsBetween(repo, sha.a0, sha.a3))

  it('refreshes exactly the changed dirs under root: deletions, both sides of a rename, encoded once (F22–F25, F27)', async () => {
    const result = await run({
      inputs: { dirs: SITE, root: 'public' },
      workspace: repo.dir,
      event: await mainPush(),
      env: { RUNNER_DEBUG: '1' }
    })

    const expected = [
      `${H}/assets/css/`,
      `${H}/assets/img/`,
      `${H}/blog/2024/`,
      `${H}/docs/%E4%B8%AD%E6%96%87/`,
      `${H}/docs/My%20Guide/`,
      `${H}/docs/guide/`,
      `${H}/drafts/`,
      `${H}/gone/`,
      `${H}/new/`,
      `${H}/old/`
    ].sort()
    expect(result.exitCode).toBe(0)
    expect(planned(result)).toEqual(expected)
    expect(sent()).toEqual(expected)
    expect(emu.requests.every(r => r.verified)).toBe(true)
    expect(result.outputs.count).toBe(String(expected.length))
    expect(levels(result, 'error')).toEqual([])
    // blog/2025 changed in a1 and back in a3: the trees do not differ there.
    expect(planned(result)).not.toContain(`${H}/blog/2025/`)
    // 15 files differ between the trees; 10 are under public/.
    expect(sourceLine(result)).toBe(
      `Changed files: git diff ${sha.a0.slice(0, 7)}..${sha.a3.slice(0, 7)} (push): 15 changed files, 10 counted under 'public'.`
    )
    // Files outside the root are ignored with a debug line (F45), the
    // look-alike prefix `publications/` included.
    for (const outside of [
      'src/build.js',
      'README.md',
      'publications/x.html',
      'apps/site/public/docs/a.html'
    ]) {
      expect(result.stdout).toContain(
        `::debug::Ignoring ${outside}: outside root 'public'`
      )
    }
    // The log says which files produced which dirs.
    expect(result.stdout).toContain(`  ${H}/new/ ← public/new/a.html`)
    expect(result.stdout).toContain(`  ${H}/old/ ← public/old/a.html`)
    expect(result.stdout).toContain(
      `  ${H}/docs/My%20Guide/ ← public/docs/My Guide/intro.html`
    )
    expect(result.summary).toContain('Changed files: git diff')
    expect(result.summary).toContain('10 of 10 directories refreshed')
  })

  it('{dir:1} keeps the first segment of each changed dir', async () => {
    const result = await run({
      inputs: { dirs: `${H}/{dir:1}/`, root: 'public' },
      workspace: repo.dir,
      event: await mainPush()
    })

    const expected = urls([
      'assets',
      'blog',
      'docs',
      'drafts',
      'gone',
      'new',
      'old'
    ])
    expect(result.exitCode).toBe(0)
    expect(planned(result)).toEqual(expected)
    expect(sent()).toEqual(expected)
    expect(sourceLine(result)).toMatch(
      /^Changed files: git diff .* \(push\): 15 changed files, 10 counted under 'public'\.$/
    )
  })

  it('include and exclude globs pick the counted files (F30)', async () => {
    const result = await run({
      inputs: {
        dirs: SITE,
        root: 'public',
        include: '**/*.{html,css}',
        exclude: 'drafts/**'
      },
      workspace: repo.dir,
      event: await mainPush()
    })

    // Not assets/img (a .png) and not drafts/ (excluded).
    const expected = [
      `${H}/assets/css/`,
      `${H}/blog/2024/`,
      `${H}/docs/%E4%B8%AD%E6%96%87/`,
      `${H}/docs/My%20Guide/`,
      `${H}/docs/guide/`,
      `${H}/gone/`,
      `${H}/new/`,
      `${H}/old/`
    ].sort()
    expect(result.exitCode).toBe(0)
    expect(planned(result)).toEqual(expected)
    expect(sent()).toEqual(expected)
    expect(sourceLine(result)).toMatch(
      /: 15 changed files, 8 counted under 'public'\.$/
    )
  })

  it('a monorepo root strips its prefix; everything else is outside it (F45)', async () => {
    const result = await run({
      inputs: { dirs: SITE, root: 'apps/site/public' },
      workspace: repo.dir,
      event: await mainPush()
    })

    expect(result.exitCode).toBe(0)
    expect(planned(result)).toEqual([`${H}/docs/`])
    expect(sent()).toEqual([`${H}/docs/`])
    expect(result.outputs.count).toBe('1')
    expect(sourceLine(result)).toMatch(
      /: 15 changed files, 1 counted under 'apps\/site\/public'\.$/
    )
  })

  it('a root-level file maps to https://h/, which then covers the rest of the host', async () => {
    const result = await run({
      inputs: {
        dirs: `${SITE}\nhttps://static.example.com/assets/`,
        root: 'public'
      },
      workspace: repo.dir,
      event: pushEvent(sha.a3, sha.a4, [sha.a4])
    })

    expect(result.exitCode).toBe(0)
    expect(planned(result)).toEqual([
      'https://static.example.com/assets/',
      `${H}/`
    ])
    expect(sent()).toEqual(['https://static.example.com/assets/', `${H}/`])
    expect(result.stdout).toContain(
      `Dropped ${H}/docs/guide/: ${H}/ already covers it.`
    )
    expect(result.stdout).not.toContain(`${H}//`)
    expect(result.outputs.count).toBe('2')
    expect(sourceLine(result)).toBe(
      `Changed files: git diff ${sha.a3.slice(0, 7)}..${sha.a4.slice(0, 7)} (push): 2 changed files, 2 counted under 'public'.`
    )
  })

  it('a new branch uses the files of its pushed commits, never a diff against zeros (F18)', async () => {
    const result = await run({
      inputs: { dirs: SITE, root: 'public' },
      workspace: repo.dir,
      event: pushEvent(ZERO, sha.f2, [sha.f1, sha.f2], {
        ref: 'refs/heads/feature',
        created: true,
        compare:
          'https://github.com/octo-org/site/commit/' + sha.f2.slice(0, 12)
      }),
      env: { RUNNER_DEBUG: '1' }
    })

    const expected = urls(['docs/guide', 'features'])
    expect(result.exitCode).toBe(0)
    expect(planned(result)).toEqual(expected)
    expect(sent()).toEqual(expected)
    expect(levels(result, 'warning')).toEqual([])
    expect(result.stdout).not.toContain('0000000')
    expect(sourceLine(result)).toBe(
      "Changed files: git, 2 commits one by one (new branch): 2 changed files, 2 counted under 'public'."
    )
  })

  it('a new branch that lists no commits refreshes the root of each template, with a warning', async () => {
    const result = await run({
      inputs: {
        dirs: [
          SITE,
          'https://static.example.com/{dir:1}/',
          `${H}/literal/`
        ].join('\n'),
        root: 'public'
      },
      workspace: repo.dir,
      event: pushEvent(ZERO, sha.a3, [], {
        ref: 'refs/heads/copy-of-main',
        created: true
      })
    })

    expect(result.exitCode).toBe(0)
    // The literal is inside www's root, so the root covers it.
    expect(planned(result)).toEqual(['https://static.example.com/', `${H}/`])
    expect(sent()).toEqual(['https://static.example.com/', `${H}/`])
    const warnings = levels(result, 'warning')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /^Could not tell which files changed \(.*\), so each template refreshes its root directory instead\.$/
    )
    expect(result.stdout).not.toContain('0000000')
    expect(result.summary).toContain(warnings[0].slice(0, 40))
  })

  it.each([
    ['a template', SITE],
    ['only literal lines', `${H}/docs/`]
  ])(
    'a deleted branch sends nothing, says so in a notice and succeeds (%s)',
    async (_name, dirs) => {
      const result = await run({
        inputs: { dirs, root: 'public' },
        workspace: repo.dir,
        event: pushEvent(sha.n1, ZERO, [], {
          ref: 'refs/heads/rewrite',
          deleted: true
        })
      })

      expect(result.exitCode).toBe(0)
      expect(emu.requests).toHaveLength(0)
      expect(result.outputs.count).toBe('0')
      expect(planned(result)).toEqual([])
      expect(levels(result, 'notice')).toEqual([
        'The push deleted a branch: nothing to refresh.'
      ])
      expect(levels(result, 'error')).toEqual([])
    }
  )

  it('a force push refreshes the tree difference, the replaced commits’ files included', async () => {
    const result = await run({
      inputs: { dirs: SITE, root: 'public' },
      workspace: repo.dir,
      event: pushEvent(sha.o1, sha.n1, [sha.n1], {
        ref: 'refs/heads/rewrite',
        forced: true
      })
    })

    // fresh/ from the new commit; replaced/ and docs/guide/ only from o1.
    const expected = urls(['docs/guide', 'fresh', 'replaced'])
    expect(result.exitCode).toBe(0)
    expect(planned(result)).toEqual(expected)
    expect(sent()).toEqual(expected)
    expect(sourceLine(result)).toBe(
      `Changed files: git diff ${sha.o1.slice(0, 7)}..${sha.n1.slice(0, 7)} (forced push): 3 changed files, 3 counted under 'public'.`
    )
  })

  describe('a force push from a shallow clone (REST)', () => {
    let shallow: GitRepo
    let github: FakeGitHub

    beforeAll(async () => {
      shallow = await repo.clone({ depth: 1, branch: 'rewrite' })
      github = await FakeGitHub.start(repo.dir, TOKEN)
    })

    afterAll(async () => {
      await github.stop()
      await shallow.remove()
    })

    const forced = (before: string): Promise<ActionRun> =>
      run({
        inputs: { dirs: SITE, root: 'public', 'github-token': TOKEN },
        workspace: shallow.dir,
        event: pushEvent(before, sha.n1, [sha.n1], {
          ref: 'refs/heads/rewrite',
          forced: true
        }),
        env: { GITHUB_API_URL: github.url }
      })

    it('still covers the replaced commits’ files: compared both ways from the merge base', async () => {
      const result = await forced(sha.o1)

      const expected = urls(['docs/guide', 'fresh', 'replaced'])
      expect(result.exitCode).toBe(0)
      expect(planned(result)).toEqual(expected)
      expect(sent()).toEqual(expected)
      expect(levels(result, 'warning').join('\n')).toContain(
        'is not an ancestor'
      )
      expect(sourceLine(result)).toBe(
        `Changed files: REST compare ${sha.o1.slice(0, 7)}...${sha.n1.slice(0, 7)} + REST compare ${sha.n1.slice(0, 7)}...${sha.o1.slice(0, 7)} (forced push, ${sha.o1.slice(0, 7)} not an ancestor): 3 changed files, 3 counted under 'public'.`
      )
    })

    it('falls back to the pushed commits, with a warning, when `before` is gone', async () => {
      const gone = 'b'.repeat(40)
      const result = await forced(gone)

      expect(result.exitCode).toBe(0)
      expect(planned(result)).toEqual(urls(['fresh']))
      expect(sent()).toEqual(urls(['fresh']))
      expect(levels(result, 'warning')).toEqual([
        `Could not diff bbbbbbb..${sha.n1.slice(0, 7)}; using the 1 commit the push lists instead: files changed only by the replaced commits are not included.`
      ])
      expect(sourceLine(result)).toMatch(
        /^Changed files: REST, 1 commit one by one \(forced push, range not readable\): 1 changed file, 1 counted under 'public'\.$/
      )
    })
  })

  it('workflow_dispatch without files: literal lines go, template lines are skipped with a warning (F20)', async () => {
    const result = await run({
      inputs: { dirs: `${SITE}\n${H}/static/`, root: 'public' },
      workspace: repo.dir,
      eventName: 'workflow_dispatch',
      event: { inputs: {} }
    })

    expect(result.exitCode).toBe(0)
    expect(planned(result)).toEqual([`${H}/static/`])
    expect(sent()).toEqual([`${H}/static/`])
    expect(result.outputs.count).toBe('1')
    const warnings = levels(result, 'warning')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain("'files'")
    expect(warnings[0]).toContain('workflow_dispatch')
    expect(result.stdout).toContain(
      'Changed files: workflow_dispatch event has no commit range.'
    )
  })

  it('workflow_dispatch with files: the templates expand from that list', async () => {
    const result = await run({
      inputs: {
        dirs: `${SITE}\n${H}/static/`,
        root: 'public',
        files: [
          'public/docs/My Guide/intro.html',
          'public/blog/2024/post.html',
          'src/build.js'
        ].join('\n')
      },
      workspace: repo.dir,
      eventName: 'workflow_dispatch',
      event: { inputs: {} }
    })

    const expected = [
      `${H}/blog/2024/`,
      `${H}/docs/My%20Guide/`,
      `${H}/static/`
    ].sort()
    expect(result.exitCode).toBe(0)
    expect(planned(result)).toEqual(expected)
    expect(sent()).toEqual(expected)
    expect(levels(result, 'warning')).toEqual([])
    expect(sourceLine(result)).toBe(
      "Changed files: the files input: 3 changed files, 2 counted under 'public'."
    )
  })

  it('a template with no counted changed files gives a visible notice, count 0 (F3)', async () => {
    const result = await run({
      inputs: { dirs: SITE, root: 'public' },
      workspace: repo.dir,
      event: pushEvent(sha.a4, sha.a5, [sha.a5])
    })

    expect(result.exitCode).toBe(0)
    expect(emu.requests).toHaveLength(0)
    expect(result.outputs.count).toBe('0')
    expect(planned(result)).toEqual([])
    expect(levels(result, 'error')).toEqual([])
    const notices = levels(result, 'notice')
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/nothing to refresh/i)
    expect(sourceLine(result)).toBe(
      `Changed files: git diff ${sha.a4.slice(0, 7)}..${sha.a5.slice(0, 7)} (push): 2 changed files, 0 counted under 'public'.`
    )
  })
})

// ---------------------------------------------------------------------------
// F21: 320 files in one push, with no local history to diff.
// ---------------------------------------------------------------------------
describe('templates from a push, REST API when git cannot tell', () => {
  let origin: GitRepo
  let shallow: GitRepo
  let noRepo: string
  let github: FakeGitHub
  let before: string
  let after: string
  let pushed: string[]
  const changedDirs: string[] = []

  beforeAll(async () => {
    origin = await GitRepo.init()
    before = await origin.commit(
      { 'public/index.html': 'home', 'src/x.js': 'x' },
      'base'
    )
    // 150 + 100 + 50 + 20 = 320 files, each in a dir of its own; the first
    // commit needs two pages of the single-commit answer.
    const commits: Changes[] = []
    let n = 0
    for (const size of [150, 100, 50, 20]) {
      const changes: Changes = {}
      for (let i = 0; i < size; i++, n++) {
        const dir = `s${n % 7}/p${n}`
        changes[`public/${dir}/index.html`] = `page ${n}`
        changedDirs.push(dir)
      }
      commits.push(changes)
    }
    pushed = await origin.commitMany(commits)
    after = pushed[pushed.length - 1]
    shallow = await origin.clone({ depth: 1 })
    noRepo = await emptyDir()
    github = await FakeGitHub.start(origin.dir, TOKEN)
  })

  afterAll(async () => {
    await github.stop()
    await Promise.all([
      origin.remove(),
      shallow.remove(),
      rm(noRepo, { recursive: true, force: true })
    ])
  })

  beforeEach(() => {
    github.requests.length = 0
  })

  it.each([
    ['a shallow (--depth 1) clone', () => shallow.dir],
    ['no repository at all', () => noRepo]
  ])(
    'finds all 320 files of a push over REST from %s (F21)',
    async (_name, workspace) => {
      const result = await run({
        inputs: {
          dirs: SITE,
          root: 'public',
          'github-token': TOKEN,
          'dry-run': 'true',
          'daily-limit': '1000'
        },
        workspace: workspace(),
        event: pushEvent(before, after, pushed),
        env: { GITHUB_API_URL: github.url }
      })

      expect(result.exitCode).toBe(0)
      expect(emu.requests).toHaveLength(0)
      expect(changedDirs).toHaveLength(320)
      expect(planned(result)).toEqual(urls(changedDirs))
      // compare was asked, hit its cap, and every commit was read, paged.
      expect(github.count(/\/compare\//)).toBeGreaterThanOrEqual(1)
      for (const commit of pushed) {
        expect(
          github.count(new RegExp(`/commits/${commit}$`))
        ).toBeGreaterThanOrEqual(1)
      }
      expect(
        github.requests.some(
          r =>
            r.path.endsWith(`/commits/${pushed[0]}`) &&
            r.query.get('page') === '2'
        )
      ).toBe(true)
      expect(levels(result, 'warning').join('\n')).toContain(
        'stops at 300 files'
      )
      expect(sourceLine(result)).toBe(
        "Changed files: REST, 4 commits one by one (compare capped at 300 files): 320 changed files, 320 counted under 'public'."
      )
      // The token is registered as a secret and never printed otherwise.
      expect(result.stdout).toContain(`::add-mask::${TOKEN}`)
      expect(result.stdout.replace(`::add-mask::${TOKEN}`, '')).not.toContain(
        TOKEN
      )
    }
  )
})

// ---------------------------------------------------------------------------
// 150 changed dirs under a 100-a-day limit widen to cheap sibling parents.
// ---------------------------------------------------------------------------
describe('widening a change-driven plan', () => {
  let repo: GitRepo
  let before: string
  let after: string
  const changed: string[] = []
  /** Every directory under public/ in the working tree, '' = public itself. */
  const tree = new Set<string>([''])

  const addTree = (rel: string): void => {
    const segments = rel.split('/')
    for (let i = 1; i <= segments.length; i++) {
      tree.add(segments.slice(0, i).join('/'))
    }
  }

  beforeAll(async () => {
    repo = await GitRepo.init()
    // Changed leaves: docs/a/1..50, docs/b/1..50, blog/1..50. Unchanged
    // siblings make the parents cost differently: docs/a has 10, docs/b
    // 40, blog 3; docs/c and assets/* are big and untouched.
    const leaves = [
      ...range(50).map(i => `docs/a/${i}`),
      ...range(50).map(i => `docs/b/${i}`),
      ...range(50).map(i => `blog/${i}`)
    ]
    const quiet = [
      ...range(10).map(i => `docs/a/u${i}`),
      ...range(40).map(i => `docs/b/u${i}`),
      ...range(3).map(i => `blog/u${i}`),
      ...range(20).map(i => `docs/c/${i}`),
      ...range(30).map(i => `assets/x${i}`)
    ]
    const base: Changes = { 'src/build.js': 'outside the root' }
    for (const dir of [...leaves, ...quiet]) {
      base[`public/${dir}/index.html`] = 'v1'
      addTree(dir)
    }
    before = await repo.commit(base, 'site')
    const push: Changes = {}
    for (const dir of leaves) push[`public/${dir}/index.html`] = 'v2'
    after = await repo.commit(push, 'deploy')
    changed.push(...leaves)
  })

  afterAll(async () => {
    await repo.remove()
  })

  it('150 changed dirs under daily-limit 100 widen to the cheapest sibling parents, not the site root', async () => {
    const result = await run({
      inputs: { dirs: SITE, root: 'public' },
      workspace: repo.dir,
      event: pushEvent(before, after, [after])
    })

    const plan = planned(result)
    const expected = cheapestCover(changed, [...tree], 100)
    // By hand: docs/a/ costs 61 dirs for its 50, blog/ 54; docs/b/ would
    // cost 91 and docs/ 174, the root everything.
    expect(expected).toEqual(
      urls(['blog', 'docs/a', ...range(50).map(i => `docs/b/${i}`)])
    )
    expect(result.exitCode).toBe(0)
    expect(plan).toEqual(expected)
    expect(plan.length).toBeLessThanOrEqual(100)
    expect(plan).not.toContain(`${H}/`)
    for (const dir of urls(changed)) {
      expect(plan.some(p => dir.startsWith(p))).toBe(true)
    }
    expect(sent()).toEqual(plan)
    expect(result.outputs.count).toBe(String(plan.length))
    expect(levels(result, 'warning')).toEqual([
      `Widened 100 directories into 2 parent directories to fit the limit of 100 (daily-limit): ${H}/blog/ (for 50), ${H}/docs/a/ (for 50).`
    ])
    expect(sourceLine(result)).toBe(
      `Changed files: git diff ${before.slice(0, 7)}..${after.slice(0, 7)} (push): 150 changed files, 150 counted under 'public'.`
    )
  })
})

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1)
}

/**
 * An independent brute force of the widening rule: any cover is the changed
 * dirs with some of their ancestors chosen in their place, so try every set
 * of ancestors. Cost: the working-tree dirs a chosen dir expires (itself and
 * everything under it). Least cost within the limit wins; on a tie, more
 * (finer) dirs.
 */
function cheapestCover(
  changed: string[],
  tree: string[],
  limit: number
): string[] {
  const under = (dir: string, parent: string): boolean =>
    parent === '' || dir === parent || dir.startsWith(`${parent}/`)
  const ancestors = new Set<string>()
  for (const dir of changed) {
    const segments = dir.split('/')
    for (let i = 0; i < segments.length; i++) {
      ancestors.add(segments.slice(0, i).join('/'))
    }
  }
  const candidates = [...ancestors]
  expect(candidates.length).toBeLessThanOrEqual(12)
  let best: { cost: number; dirs: string[] } | null = null
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    const picked = candidates.filter((_, i) => mask & (1 << i))
    // Keep the topmost of the chosen parents; the others are inside them.
    const tops = picked.filter(p => !picked.some(q => q !== p && under(p, q)))
    const dirs = [...tops, ...changed.filter(d => !tops.some(t => under(d, t)))]
    if (dirs.length > limit) continue
    const cost = dirs.reduce(
      (sum, d) => sum + tree.filter(t => under(t, d)).length,
      0
    )
    if (
      best === null ||
      cost < best.cost ||
      (cost === best.cost && dirs.length > best.dirs.length)
    ) {
      best = { cost, dirs }
    }
  }
  return urls(best?.dirs ?? [])
}
