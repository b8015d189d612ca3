import { formBody, signV2, stringToSignV2 } from '../src/submit/sign-v2'
import { signTc3, utcDate } from '../src/submit/sign-v3'

// Known answers from docs/tencent-cdn-api.md (shared spec).
const ID = 'AKIDT8G5AsY1D3MChWooNq1rFSw1fyBVCX9D'
const KEY = 'pxPgRWDbCy86ZYyqBTDk7WmeRZSmPco0'
const HOST = 'cdn.api.qcloud.com'
const PATH = '/v2/index.php'

describe('API 2.0 string to sign and signature', () => {
  const describeHosts = {
    Action: 'DescribeCdnHosts',
    Nonce: '13029',
    SecretId: ID,
    Timestamp: '1463122059',
    limit: '10',
    offset: '0'
  }
  const official1 =
    'GETcdn.api.qcloud.com/v2/index.php?Action=DescribeCdnHosts&Nonce=13029' +
    `&SecretId=${ID}&Timestamp=1463122059&limit=10&offset=0`

  it('official GET, SHA-1', () => {
    const s = stringToSignV2('GET', HOST, PATH, describeHosts)
    expect(s).toBe(official1)
    expect(signV2(s, KEY, 'HmacSHA1')).toBe('bWMMAR1eFGjZ5KWbfxTlBiLiNLc=')
  })

  it('official POST, SHA-1', () => {
    const s = stringToSignV2('POST', HOST, PATH, describeHosts)
    expect(s).toBe(`POST${official1.slice(3)}`)
    expect(signV2(s, KEY, 'HmacSHA1')).toBe('i/KcLp6VaOtUmVtT0dqtLpKJOkg=')
  })

  it('official GET, SHA-256 (SignatureMethod itself signed)', () => {
    const params = {
      offset: '0',
      limit: '10',
      Timestamp: '1502197934',
      SignatureMethod: 'HmacSHA256',
      SecretId: ID,
      Nonce: '48059',
      Action: 'DescribeCdnHosts'
    }
    const s = stringToSignV2('GET', HOST, PATH, params)
    expect(s).toBe(
      'GETcdn.api.qcloud.com/v2/index.php?Action=DescribeCdnHosts' +
        `&Nonce=48059&SecretId=${ID}&SignatureMethod=HmacSHA256` +
        '&Timestamp=1502197934&limit=10&offset=0'
    )
    expect(signV2(s, KEY, 'HmacSHA256')).toBe(
      'b/HlnO7vWEtR/kf21BvF0fX4vGmIThwWxlaD5GQtlSM='
    )
  })

  const refresh = {
    Action: 'RefreshCdnOverSeaDir',
    Nonce: '13029',
    SecretId: ID,
    Timestamp: '1463122059',
    'dirs.0': 'http://www.test.com/test/'
  }
  const refreshString =
    'POSTcdn.api.qcloud.com/v2/index.php?Action=RefreshCdnOverSeaDir' +
    `&Nonce=13029&SecretId=${ID}&Timestamp=1463122059` +
    '&dirs.0=http://www.test.com/test/'

  it('RefreshCdnOverSeaDir, one dir, built from params', () => {
    const s = stringToSignV2('POST', HOST, PATH, refresh)
    expect(s).toBe(refreshString)
    expect(signV2(s, KEY, 'HmacSHA1')).toBe('4RWyS1Q0QA3xnezJRAYGep+hvGo=')
  })

  it('RefreshCdnOverSeaDir, two dirs, built from params', () => {
    const params = { ...refresh, 'dirs.1': 'https://www.test.com/abc/' }
    const s = stringToSignV2('POST', HOST, PATH, params)
    expect(s).toBe(`${refreshString}&dirs.1=https://www.test.com/abc/`)
    expect(signV2(s, KEY, 'HmacSHA1')).toBe('PheetzntbZKqv4+fG47i0kogwag=')
  })

  it('leaves Signature out of the string to sign', () => {
    const s = stringToSignV2('POST', HOST, PATH, { ...refresh, Signature: 'x' })
    expect(s).toBe(refreshString)
  })
})

describe('API 2.0 parameter order', () => {
  it('sorts byte-wise: capitals first, dirs.10 before dirs.2', () => {
    const params: Record<string, string> = { zeta: 'z', Action: 'A' }
    for (let i = 11; i >= 0; i--) params[`dirs.${i}`] = `d${i}`
    const s = stringToSignV2('POST', 'h', '/p', params)
    const names = s
      .split('?')[1]
      .split('&')
      .map(pair => pair.split('=')[0])
    expect(names).toEqual([
      'Action',
      'dirs.0',
      'dirs.1',
      'dirs.10',
      'dirs.11',
      'dirs.2',
      'dirs.3',
      'dirs.4',
      'dirs.5',
      'dirs.6',
      'dirs.7',
      'dirs.8',
      'dirs.9',
      'zeta'
    ])
  })

  it('signs raw values, not encoded ones', () => {
    const s = stringToSignV2('POST', 'h', '/p', { 'dirs.0': 'https://h/a b/+' })
    expect(s).toBe('POSTh/p?dirs.0=https://h/a b/+')
  })
})

describe('API 2.0 form body', () => {
  it('encodes every value exactly once: + as %2B, space as %20', () => {
    const body = formBody({
      Signature: 'i/KcLp6VaOtUmVtT0dqtLpKJOkg+=',
      'dirs.0': 'https://h/a b/',
      'dirs.1': 'https://h/already%20enc/'
    })
    expect(body).toBe(
      'Signature=i%2FKcLp6VaOtUmVtT0dqtLpKJOkg%2B%3D' +
        '&dirs.0=https%3A%2F%2Fh%2Fa%20b%2F' +
        '&dirs.1=https%3A%2F%2Fh%2Falready%2520enc%2F'
    )
    // Decoding once gives back the raw values.
    const parsed = new URLSearchParams(body)
    expect(parsed.get('Signature')).toBe('i/KcLp6VaOtUmVtT0dqtLpKJOkg+=')
    expect(parsed.get('dirs.1')).toBe('https://h/already%20enc/')
  })
})

describe('TC3-HMAC-SHA256', () => {
  const base = {
    secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    timestamp: 1551113065,
    contentType: 'application/json; charset=utf-8'
  }

  it('official vector (service cvm)', () => {
    const signed = signTc3({
      ...base,
      service: 'cvm',
      host: 'cvm.tencentcloudapi.com',
      body:
        '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], ' +
        '"Name": "instance-name"}]}'
    })
    expect(signed.signature).toBe(
      '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168'
    )
    expect(signed.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/' +
        '2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, ' +
        'Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168'
    )
  })

  it('computed vector (service cdn, the default)', () => {
    const signed = signTc3({
      ...base,
      host: 'cdn.tencentcloudapi.com',
      body: '{"Paths":["http://www.test.com/test/"],"FlushType":"flush","Area":"overseas"}'
    })
    expect(signed.signature).toBe(
      'fed5b8a369e8012e86c4029169f031e9fc1a2e8215acb3890a04eb38dc47b796'
    )
    expect(signed.credentialScope).toBe('2019-02-25/cdn/tc3_request')
    expect(signed.canonicalRequest.startsWith('POST\n/\n\ncontent-type:')).toBe(
      true
    )
  })

  it('dates by UTC, not local time', () => {
    // 2019-02-25 23:59:59 UTC and one second later.
    expect(utcDate(1551139199)).toBe('2019-02-25')
    expect(utcDate(1551139200)).toBe('2019-02-26')
  })
})
