// Text that leaves this stage (results, logs) goes through here: one line,
// bounded, and with every secret of the request blanked out.
import type { Credentials } from '../types'

const MAX_MESSAGE = 300

/** One printable line of at most `max` characters. */
export function oneLine(text: string, max = MAX_MESSAGE): string {
  const flat = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}

/** The values that must never be shown, in raw and URL-encoded form. */
export function secretsOf(
  credentials: Credentials,
  ...more: string[]
): string[] {
  const raw = [
    credentials.secretKey,
    credentials.secretId,
    credentials.sessionToken,
    ...more
  ].filter(value => value.length > 0)
  const encoded = raw.map(value => encodeURIComponent(value))
  // Longest first, so a secret containing another is blanked whole.
  return [...new Set([...raw, ...encoded])].sort((a, b) => b.length - a.length)
}

/** Blanks every secret, then flattens the text to one bounded line. */
export function redact(text: string, secrets: string[]): string {
  let safe = text
  for (const secret of secrets) safe = safe.split(secret).join('***')
  return oneLine(safe)
}
