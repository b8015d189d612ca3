/**
 * An input the user gave cannot be used. Thrown before any request is sent;
 * `run()` turns it into one `setFailed` line, never a stack trace.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InputError'
  }
}

/** Quotes a user value for an error message, keeping the message one line. */
export function quote(value: string, max = 120): string {
  // A password typed into a URL is not a registered secret: never echo it.
  const safe = value.replace(/(\/\/)[^/\s@]*@/g, '$1***@')
  const shown = safe.length > max ? `${safe.slice(0, max)}…` : safe
  // Control characters would break the log line (or forge a workflow
  // command), and line separators and bidirectional overrides would make it
  // read differently from what it holds: all are shown escaped.
  const printable = shown.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
  return `'${printable}'`
}

/** `Input 'batch-size' must be a whole number from 1 to 20, got '25'.` */
export function inputError(
  input: string,
  allowed: string,
  value: string
): InputError {
  return new InputError(`Input '${input}' ${allowed}, got ${quote(value)}.`)
}
