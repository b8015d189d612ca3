/** `directory` or `directories`, by count; `many` defaults to one + 's'. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many
}

/** `1 commit`, `3 commits`. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${plural(n, one, many)}`
}
