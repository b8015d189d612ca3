import type { ActionCore } from '../../src/core'

export interface CoreCall {
  call: string
  args: unknown[]
}

/** A runner stand-in that records every call, in order. */
export class FakeCore implements ActionCore {
  calls: CoreCall[] = []
  outputs: Record<string, string> = {}
  summary = ''

  constructor(private readonly inputs: Record<string, string>) {}

  private record(call: string, ...args: unknown[]): void {
    this.calls.push({ call, args })
  }

  getInput(name: string): string {
    this.record('getInput', name)
    return (this.inputs[name] ?? '').trim()
  }
  setSecret(secret: string): void {
    this.record('setSecret', secret)
  }
  setOutput(name: string, value: string): void {
    this.record('setOutput', name, value)
    this.outputs[name] = value
  }
  setFailed(message: string): void {
    this.record('setFailed', message)
  }
  info(message: string): void {
    this.record('info', message)
  }
  debug(message: string): void {
    this.record('debug', message)
  }
  notice(message: string): void {
    this.record('notice', message)
  }
  warning(message: string, properties?: unknown): void {
    this.record('warning', message, properties)
  }
  error(message: string, properties?: unknown): void {
    this.record('error', message, properties)
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.record('group', name)
    return fn()
  }
  async writeSummary(markdown: string): Promise<void> {
    this.record('writeSummary')
    this.summary += markdown
  }

  /** Messages of one kind of call. */
  messages(call: string): string[] {
    return this.calls.filter(c => c.call === call).map(c => String(c.args[0]))
  }
}
