import { inputError, quote } from '../src/errors'

describe('quote', () => {
  it('escapes what would break or disguise a log line', () => {
    expect(quote('a\nb\u0000c')).toBe("'a\\u000ab\\u0000c'")
    expect(quote('x\u0085y\u2028z')).toBe("'x\\u0085y\\u2028z'")
    // A right-to-left override would show 'exe.txt' as 'txt.exe'.
    expect(quote('a\u202etxt.exe')).toBe("'a\\u202etxt.exe'")
  })

  it('never echoes a password written into a URL', () => {
    expect(quote('https://deploy:hunter2@www.example.com/a/')).toBe(
      "'https://***@www.example.com/a/'"
    )
  })

  it('shortens long values', () => {
    const quoted = quote('x'.repeat(500))
    expect(quoted).toBe(`'${'x'.repeat(120)}…'`)
  })

  it('builds the one-line input error', () => {
    expect(
      inputError('batch-size', 'must be a whole number from 1 to 20', '25')
        .message
    ).toBe("Input 'batch-size' must be a whole number from 1 to 20, got '25'.")
  })
})
