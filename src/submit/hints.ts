// One sentence per final failure: the likely cause and what to do.
// Codes: tencent-cdn-api.md, "Error codes (API 2.0)" and the 3.0 list.
import type { ApiVersion } from '../types'
import type { Cause } from './outcome'
import { retryClass } from './retry'

export interface HintContext {
  apiVersion: ApiVersion
  endpoint: string
  cause?: Cause
  /** The answer looked like a yes we could not read (see Failure). */
  maybeAccepted?: boolean
}

/** For a batch that timed out after sending and never got a clear answer. */
export const UNCERTAIN_HINT =
  'An attempt timed out after the request was sent, so the API may have ' +
  'refreshed these dirs and counted them against the daily quota: check ' +
  'the refresh history in the CDN console before running again.'

const UNREAD_YES_HINT =
  'The API seems to have accepted the request without saying how many ' +
  'dirs it took: check the refresh history in the CDN console.'

type Rule = [
  matches: (code: string) => boolean,
  hint: (ctx: HintContext) => string
]

const oneOf =
  (...codes: string[]) =>
  (code: string): boolean =>
    codes.includes(code)
const fixed = (text: string) => (): string => text

/** The CAM action the key needs for the API in use. */
function camAction(version: ApiVersion): string {
  return version === '2.0' ? 'cdn:RefreshCdnOverSeaDir' : 'cdn:PurgePathCache'
}

const KEY_PAIR =
  'Authentication failed: check that secret-id and secret-key are one key ' +
  'pair, copied whole and without spaces'

// 4101–4110 are CAM, sub-account and token problems; 4104 is the SecretId.
const PERMISSION_2 = [
  ...['4101', '4102', '4103', '4105', '4106'],
  ...['4107', '4108', '4109', '4110', '4300']
]

const RULES: Rule[] = [
  // Retried and still unreachable: more likely the address or the runner's
  // network than a passing fault at Tencent.
  [
    oneOf('network'),
    ctx =>
      `${ctx.endpoint} could not be reached: check the endpoint input and ` +
      "the runner's network."
  ],
  // Wrong key; 4100 is also what a clock more than 5 minutes off gets.
  [
    oneOf('4100'),
    fixed(`${KEY_PAIR}, and that the runner clock is within 5 minutes.`)
  ],
  [
    oneOf(
      '4104',
      'AuthFailure.SecretIdNotFound',
      'AuthFailure.SignatureFailure',
      'AuthFailure.InvalidSecretId'
    ),
    fixed(`${KEY_PAIR}.`)
  ],
  [
    oneOf('4200', '4500', 'AuthFailure.SignatureExpire'),
    fixed(
      'The request was refused as expired or replayed: the runner clock is ' +
        'probably more than 5 minutes off real time; sync it (NTP).'
    )
  ],
  [
    oneOf(
      ...PERMISSION_2,
      'UnauthorizedOperation.CdnCamUnauthorized',
      'AuthFailure.UnauthorizedOperation'
    ),
    ctx =>
      'The key may not refresh: grant its CAM user the action ' +
      `${camAction(ctx.apiVersion)}, or, with temporary credentials, check ` +
      'that session-token is valid and not expired.'
  ],
  [
    oneOf('22046', 'LimitExceeded.CdnPurgePathExceedDayLimit'),
    fixed(
      'The daily quota of directory refreshes is used up; it resets ' +
        'daily. Refresh fewer or wider dirs, or run again tomorrow.'
    )
  ],
  [
    oneOf('22045', 'LimitExceeded.CdnPurgePathExceedBatchLimit'),
    fixed(
      'Too many dirs in one request: lower batch-size (at most 20 on API ' +
        '2.0; on 3.0 the Batch that DescribePurgeQuota reports).'
    )
  ],
  [
    oneOf('9110', '9105', '9307', '1012', 'ResourceNotFound.CdnHostNotExists'),
    fixed(
      'The domain is not served by CDN in the area asked for (API 2.0: ' +
        'overseas; 3.0: the area input): add the domain to acceleration ' +
        'in that area, or set the area input to match the domain.'
    )
  ],
  [oneOf('9111'), fixed('CDN is not activated on this account.')],
  [
    oneOf('9112', '9175', '9176', '28007', '28008'),
    fixed(
      'The domain is switched off, offline or still deploying in the CDN ' +
        'console; refresh once it is online.'
    )
  ],
  [oneOf('9169'), fixed('The account is banned from CDN; contact Tencent.')],
  [
    oneOf('5000'),
    fixed('No such resource: check the dirs are on a domain of this account.')
  ],
  [
    code => oneOf('4000', '9003')(code) || code.startsWith('InvalidParameter'),
    fixed(
      'A parameter was refused: each dir must be a full http:// or ' +
        'https:// URL of a directory, ending with /, without wildcards.'
    )
  ],
  [
    code => code === '4400' || code.startsWith('RequestLimitExceeded'),
    fixed('The API is rate-limiting this account; run again in a minute.')
  ],
  [oneOf('4600'), fixed('The API refused the protocol: use https://.')],
  [
    oneOf('timeout'),
    fixed('The API did not answer in time; raise timeout or retry later.')
  ],
  [
    // What the retry policy calls transient and still failed after its
    // retries (the earlier rules took network, timeout and rate limits).
    code => retryClass(code) === 'retry' && code !== 'unexpected answer',
    fixed('The API had a temporary problem; run the job again later.')
  ],
  [
    code => code === 'unexpected answer' || /^HTTP \d+$/.test(code),
    ctx =>
      `${ctx.endpoint} did not answer as Tencent Cloud API ${ctx.apiVersion} ` +
      'does; check the endpoint input.'
  ]
]

/** API 2.0 answering like a dead endpoint: point at 3.0. */
function retired(ctx: HintContext): string {
  return (
    `The API 2.0 endpoint ${ctx.endpoint} did not answer as the API does; ` +
    'Tencent retired API 2.0 for CDN (offline since 2022-11-30). ' +
    'Set `api-version: 3.0` to use the live PurgePathCache API.'
  )
}

/** 6100 (wrong API version or host), a 404, a page, garbage, no DNS name. */
function looksRetired(code: string, ctx: HintContext): boolean {
  if (ctx.apiVersion !== '2.0') return false
  if (code === '6100' || code === 'unexpected answer') return true
  return ctx.cause !== undefined
}

/** A sentence on the likely cause and what to do; undefined if unknown. */
export function hintFor(code: string, ctx: HintContext): string | undefined {
  if (ctx.maybeAccepted) return UNREAD_YES_HINT
  if (looksRetired(code, ctx)) return retired(ctx)
  const rule = RULES.find(([matches]) => matches(code))
  if (rule) return rule[1](ctx)
  // 3.0 has more AuthFailure.* codes than we list; all are about the
  // credentials or the token.
  if (code.startsWith('AuthFailure')) {
    return `${KEY_PAIR}; with temporary credentials, check that session-token is valid and not expired.`
  }
  return undefined
}
