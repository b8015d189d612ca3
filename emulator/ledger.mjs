// What the emulator remembers between requests: dirs spent per SecretId,
// area and day, and the Nonces each SecretId has used.

export const AREAS = ['mainland', 'overseas']

// Quota days are counted in China Standard Time (UTC+8), where the
// provider's day turns over; an assumption, the API doc does not say.
const DAY_OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

export function createLedger(now) {
  const spent = new Map()
  const nonces = new Map()
  const day = () => Math.floor((now() + DAY_OFFSET_MS) / DAY_MS)
  const key = (secretId, area) => `${checkArea(area)}\n${secretId}`

  function used(secretId, area = 'overseas') {
    const record = spent.get(key(secretId, area))
    return record && record.day === day() ? record.count : 0
  }

  function setUsed(secretId, count, area = 'overseas') {
    if (!Number.isInteger(count) || count < 0) {
      throw new TypeError(`setUsed: count must be a whole number >= 0`)
    }
    spent.set(key(secretId, area), { day: day(), count })
  }

  const spend = (secretId, count, area) =>
    setUsed(secretId, used(secretId, area) + count, area)

  const nonceSeen = (secretId, nonce) =>
    nonces.get(secretId)?.has(nonce) ?? false

  function rememberNonce(secretId, nonce) {
    if (!nonces.has(secretId)) nonces.set(secretId, new Set())
    nonces.get(secretId).add(nonce)
  }

  return { used, setUsed, spend, nonceSeen, rememberNonce }
}

function checkArea(area) {
  if (!AREAS.includes(area)) {
    throw new TypeError(`area must be 'overseas' or 'mainland', got ${area}`)
  }
  return area
}
