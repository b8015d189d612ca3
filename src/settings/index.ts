import { compileGlobs } from '../changes/globs'
import { InputError, inputError } from '../errors'
import { checkEntries } from '../plan'
import type { ApiVersion, Credentials, Settings } from '../types'
import {
  boolean,
  listEntries,
  lines,
  oneOf,
  repoPath,
  seconds,
  wholeNumber
} from './parse'

export const V2_ENDPOINT = 'https://cdn.api.qcloud.com/v2/index.php'
export const V3_ENDPOINT = 'https://cdn.tencentcloudapi.com/'

/** Reads one input by name, as `core.getInput` does ('' when unset). */
export type GetInput = (name: string) => string

/**
 * Credentials come from the inputs, else from the environment variables the
 * Tencent SDKs use. Read separately from the other settings so that they can
 * be masked before anything else runs.
 */
export function readCredentials(
  getInput: GetInput,
  env: NodeJS.ProcessEnv
): Credentials {
  const pick = (input: string, variable: string): string =>
    getInput(input).trim() || (env[variable] ?? '').trim()
  return {
    secretId: pick('secret-id', 'TENCENTCLOUD_SECRET_ID'),
    secretKey: pick('secret-key', 'TENCENTCLOUD_SECRET_KEY'),
    sessionToken: pick('session-token', 'TENCENTCLOUD_SESSION_TOKEN')
  }
}

/** Every input, read once and validated; throws InputError on the first bad one. */
export function readSettings(
  getInput: GetInput,
  env: NodeJS.ProcessEnv
): Settings {
  const dirs = readDirs(getInput('dirs'))
  const apiVersion = readApiVersion(getInput('api-version'))
  const dryRun = boolean('dry-run', getInput('dry-run') || 'false')
  const credentials = readCredentials(getInput, env)
  if (!dryRun) checkCredentials(credentials)

  return {
    dirs,
    credentials,
    apiVersion,
    endpoint: readEndpoint(getInput('endpoint'), apiVersion),
    signatureMethod: oneOf(
      'signature-method',
      getInput('signature-method') || 'HmacSHA256',
      ['HmacSHA256', 'HmacSHA1'] as const
    ),
    // API 2.0 takes 20 dirs a call; 3.0 reports its own Batch (500 at most
    // in Tencent's docs), so the quota answer narrows it further at run time.
    batchSize: wholeNumber(
      'batch-size',
      getInput('batch-size') || '20',
      1,
      apiVersion === '2.0' ? 20 : 500
    ),
    dailyLimit: wholeNumber(
      'daily-limit',
      getInput('daily-limit') || '100',
      1,
      10000
    ),
    overLimit: oneOf('over-limit', getInput('over-limit') || 'widen', [
      'widen',
      'fail'
    ] as const),
    dryRun,
    failOnError: boolean('fail-on-error', getInput('fail-on-error') || 'true'),
    retries: wholeNumber('retries', getInput('retries') || '3', 0, 10),
    timeoutMs: seconds('timeout', getInput('timeout') || '15', 0.1, 300) * 1000,
    root: repoPath('root', getInput('root')),
    include: globs('include', getInput('include')),
    exclude: globs('exclude', getInput('exclude')),
    files: readFiles(getInput('files')),
    githubToken: getInput('github-token').trim(),
    area: oneOf('area', getInput('area') || 'overseas', [
      'overseas',
      'mainland'
    ] as const),
    flushType: oneOf('flush-type', getInput('flush-type') || 'flush', [
      'flush',
      'delete'
    ] as const)
  }
}

// YAML reads `api-version: 3.0` as the number 3, which reaches the action as
// '3': accept the short forms too.
function readApiVersion(raw: string): ApiVersion {
  const value = raw.trim() || '2.0'
  if (value === '2' || value === '2.0') return '2.0'
  if (value === '3' || value === '3.0') return '3.0'
  throw inputError('api-version', "must be '2.0' or '3.0'", raw)
}

function readDirs(raw: string): string[] {
  const entries = listEntries(raw)
  if (entries.length === 0) {
    throw new InputError(
      "Input 'dirs' is required: give at least one directory URL or template, one per line."
    )
  }
  checkEntries(entries)
  return entries
}

/** Glob lines, checked now so that a bad pattern stops the step before any work. */
function globs(input: 'include' | 'exclude', raw: string): string[] {
  const patterns = lines(raw)
  compileGlobs(input, patterns)
  return patterns
}

function readFiles(raw: string): string[] | null {
  // One path per line: commas and spaces are legal in file names.
  const paths = lines(raw).map(line => repoPath('files', line))
  return paths.length > 0 ? [...new Set(paths.filter(p => p !== ''))] : null
}

function readEndpoint(raw: string, apiVersion: ApiVersion): string {
  const value = raw.trim()
  // The input's default is the 2.0 endpoint; under 3.0 it means "the API's
  // own endpoint", so users switch with one input.
  if (value === '' || (apiVersion === '3.0' && value === V2_ENDPOINT)) {
    return apiVersion === '2.0' ? V2_ENDPOINT : V3_ENDPOINT
  }
  // The URL parser silently drops tabs and newlines: refuse them instead.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw inputError('endpoint', 'must not contain control characters', raw)
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw inputError('endpoint', 'must be an http:// or https:// URL', raw)
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw inputError(
      'endpoint',
      'must be an http:// or https:// URL without user name, query or fragment',
      raw
    )
  }
  return url.href
}

// Never quotes the value: these are secrets.
function checkCredentials(credentials: Credentials): void {
  const missing = (name: string, variable: string): InputError =>
    new InputError(
      `Input '${name}' is required (or the environment variable ${variable}); ` +
        "it is only optional with 'dry-run: true'."
    )
  if (credentials.secretId === '')
    throw missing('secret-id', 'TENCENTCLOUD_SECRET_ID')
  if (credentials.secretKey === '')
    throw missing('secret-key', 'TENCENTCLOUD_SECRET_KEY')
  for (const [name, value] of Object.entries({
    'secret-id': credentials.secretId,
    'secret-key': credentials.secretKey,
    'session-token': credentials.sessionToken
  })) {
    if (!/^[\x21-\x7e]*$/.test(value)) {
      throw new InputError(
        `Input '${name}' must be printable ASCII without spaces; check the secret's value (not shown).`
      )
    }
  }
}

/** The resolved settings without secrets, for `core.debug`. */
export function describeSettings(settings: Settings): string[] {
  const { credentials, githubToken, ...rest } = settings
  return [
    ...Object.entries(rest).map(([k, v]) => `${k}: ${JSON.stringify(v)}`),
    `credentials: secret-id ${credentials.secretId ? 'set' : 'not set'}, ` +
      `secret-key ${credentials.secretKey ? 'set' : 'not set'}, ` +
      `session-token ${credentials.sessionToken ? 'set' : 'not set'}`,
    `github-token: ${githubToken ? 'set' : 'not set'}`
  ]
}
