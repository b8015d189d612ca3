import * as actions from '@actions/core'

type Properties = actions.AnnotationProperties

/**
 * The runner-facing calls the action makes, as one small interface so that
 * tests can run the whole step with a fake runner.
 */
export interface ActionCore {
  getInput(name: string): string
  setSecret(secret: string): void
  setOutput(name: string, value: string): void
  setFailed(message: string): void
  info(message: string): void
  debug(message: string): void
  notice(message: string, properties?: Properties): void
  warning(message: string, properties?: Properties): void
  error(message: string, properties?: Properties): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
  /** Appends Markdown to the job summary (a no-op outside a runner). */
  writeSummary(markdown: string): Promise<void>
}

/**
 * `info` prints its text as is, and the runner reads any line starting with
 * `::` as a command. Text that reaches the log can hold file names from a
 * pull request or words from an API answer, so control characters are shown
 * escaped and an info message is always one line. (warning, error, notice
 * and debug are commands themselves; @actions/core escapes their text.)
 */
export function oneLogLine(message: string): string {
  return message.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

export function runnerCore(env: NodeJS.ProcessEnv): ActionCore {
  return {
    getInput: name => actions.getInput(name),
    setSecret: secret => actions.setSecret(secret),
    setOutput: (name, value) => actions.setOutput(name, value),
    setFailed: message => actions.setFailed(message),
    info: message => actions.info(oneLogLine(message)),
    debug: message => actions.debug(message),
    notice: (message, properties) => actions.notice(message, properties),
    warning: (message, properties) => actions.warning(message, properties),
    error: (message, properties) => actions.error(message, properties),
    group: (name, fn) => actions.group(name, fn),
    writeSummary: async markdown => {
      if (!env.GITHUB_STEP_SUMMARY) return
      await actions.summary.addRaw(markdown).write()
    }
  }
}
