// A sample site in a real git repository: a first commit with the whole site
// under public/, then a deploy commit that edits, adds, deletes and renames
// files across a few dozen directories. Used by `npm start`, the benchmark
// and the end-to-end tests.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const MONTHS = [
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '07',
  '08',
  '09',
  '10',
  '11',
  '12'
]

function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim()
}

function write(repo, path, text) {
  const file = join(repo, path)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, text)
}

/** Every file of the site before the deploy, repository-relative. */
function siteFiles() {
  const files = ['public/index.html', 'public/about/index.html']
  for (const month of MONTHS) {
    for (const post of ['launch', 'release-notes', 'case-study']) {
      files.push(`public/blog/2026/${month}/${post}/index.html`)
    }
  }
  for (const section of [
    'getting-started',
    'guide',
    'faq',
    'My Guide',
    '中文'
  ]) {
    files.push(`public/docs/${section}/index.html`)
  }
  for (const version of ['v1', 'v2']) {
    for (const page of ['auth', 'cdn', 'dns', 'storage']) {
      files.push(`public/docs/api/${version}/${page}/index.html`)
    }
  }
  files.push(
    'public/assets/css/site.css',
    'public/assets/js/app.js',
    'public/assets/img/logo.svg',
    'public/products/old-name/index.html',
    'public/legacy/gone.html',
    'README.md',
    'src/build.js'
  )
  return files
}

/**
 * Creates the repository; returns its path, the two commits and a push
 * event payload shaped like a real one (commits carry no file lists).
 */
export function createSampleSite() {
  const repo = mkdtempSync(join(tmpdir(), 'sample-site-'))
  git(repo, 'init', '-q', '-b', 'main')
  git(repo, 'config', 'user.email', 'deploy@example.com')
  git(repo, 'config', 'user.name', 'Deploy Bot')
  git(repo, 'config', 'commit.gpgsign', 'false')
  for (const file of siteFiles()) write(repo, file, `<!-- ${file} v1 -->\n`)
  git(repo, 'add', '-A')
  git(repo, 'commit', '-q', '-m', 'Site as deployed yesterday')
  const before = git(repo, 'rev-parse', 'HEAD')

  // The deploy: a redesign touches every month's release notes and case
  // studies, the docs sections, the API pages of v2, the assets; one page is
  // deleted and one product renamed. Files outside public/ change too.
  for (const month of MONTHS) {
    for (const post of ['release-notes', 'case-study']) {
      write(repo, `public/blog/2026/${month}/${post}/index.html`, 'v2\n')
    }
  }
  for (const section of ['getting-started', 'guide', 'My Guide', '中文']) {
    write(repo, `public/docs/${section}/index.html`, 'v2\n')
  }
  for (const page of ['auth', 'cdn', 'dns', 'storage']) {
    write(repo, `public/docs/api/v2/${page}/index.html`, 'v2\n')
  }
  write(repo, 'public/assets/css/site.css', 'body{}\n')
  write(repo, 'public/assets/js/app.js', 'run()\n')
  write(repo, 'src/build.js', '// build v2\n')
  git(repo, 'rm', '-q', 'public/legacy/gone.html')
  git(repo, 'mv', 'public/products/old-name', 'public/products/new-name')
  git(repo, 'add', '-A')
  git(
    repo,
    'commit',
    '-q',
    '-m',
    'Redesign: new release notes, docs and assets'
  )
  const after = git(repo, 'rev-parse', 'HEAD')

  const event = {
    ref: 'refs/heads/main',
    before,
    after,
    created: false,
    deleted: false,
    forced: false,
    repository: {
      full_name: 'octo-org/site',
      name: 'site',
      owner: { login: 'octo-org' }
    },
    commits: [
      { id: after, message: 'Redesign: new release notes, docs and assets' }
    ],
    head_commit: {
      id: after,
      message: 'Redesign: new release notes, docs and assets'
    }
  }
  return {
    repo,
    before,
    after,
    event,
    remove: () => rmSync(repo, { recursive: true, force: true })
  }
}
