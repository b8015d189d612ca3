/**
 * Cuts the plan into requests of at most `size` dirs, in the order given
 * (the plan's sorted order, so the same plan makes the same batches).
 */
export function toBatches(dirs: string[], size: number): string[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(
      `Batch size must be a whole number from 1, got ${size}`
    )
  }
  const batches: string[][] = []
  for (let i = 0; i < dirs.length; i += size) {
    batches.push(dirs.slice(i, i + size))
  }
  return batches
}
