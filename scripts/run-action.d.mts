// Types for run-action.mjs, so the TypeScript tests can use the harness.

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  title?: string
  message: string
}

export interface ActionRun {
  exitCode: number | null
  stdout: string
  stderr: string
  ms: number
  outputs: Record<string, string>
  summary: string
  annotations: Annotation[]
}

export interface RunOptions {
  inputs: Record<string, string>
  env?: Record<string, string>
  eventName?: string
  event?: unknown
  timeoutMs?: number
  onOutput?: (chunk: string) => void
}

export function defaultInputs(): Record<string, string>
export function runAction(options: RunOptions): Promise<ActionRun>
export function parseOutputs(text: string): Record<string, string>
export function parseCommands(stdout: string): Annotation[]
