import { InputError } from '../errors'
import type { Widening } from '../types'
import { splitDir } from './urls'

/**
 * One directory of the trie: a planned dir or an ancestor of one. Children
 * are always created after their parent, so walking the node list backwards
 * visits children first, with no recursion (a 2048-character URL can be
 * ~1000 segments deep).
 */
interface Node {
  url: string
  children: number[]
  /** Child by path segment; null until the first child. */
  bySegment: Map<string, number> | null
  planned: boolean
  /** Known dirs under this node that are not themselves nodes. */
  extra: number
  /** How many known dirs choosing this node expires. */
  cost: number
  /** best[j]: least cost to cover the planned dirs below with j dirs. */
  best: number[]
  /** best[1] is this node itself rather than one dir further down. */
  takeSelf: boolean
  /** splits[i - 1][j]: dirs child i got when children 0..i shared j;
   * null when child i's table holds only j = 1, so it always gets 1. */
  splits: (number[] | null)[]
}

interface Trie {
  nodes: Node[]
  /** Origin → its root node ("https://h/"), in URL order. */
  roots: Map<string, number>
}

export interface Fitted {
  dirs: string[]
  widened: Widening[]
}

/**
 * Makes the plan fit `limit` dirs. Within the limit nothing changes. Over it,
 * 'fail' throws, and 'widen' swaps some dirs for parent directories, picking
 * the cover that expires the fewest known directories.
 *
 * Known directories K: the planned dirs, all their ancestors up to the
 * origin's root, and `knownDirs` (others on other origins are ignored).
 * Choosing directory v costs the number of members of K that are v or under
 * it. Of all sets of directories with at most `limit` members that cover
 * every planned dir (each equal to or under a chosen one), the cheapest is
 * found exactly: a knapsack over the trie of each origin, sizes bounded by
 * `limit`, then a knapsack across origins.
 *
 * Ties: among covers of equal least cost, the one with more (finer) dirs
 * wins; among those, an earlier subtree in URL order keeps more dirs.
 *
 * `dirs` must be normalised and free of nesting (see dropNested).
 */
export function fitLimit(
  dirs: string[],
  limit: number,
  overLimit: 'widen' | 'fail',
  knownDirs: string[]
): Fitted {
  if (dirs.length <= limit) return { dirs: [...dirs], widened: [] }
  if (overLimit === 'fail') throw overLimitError(dirs.length, limit)

  const trie = buildTrie([...new Set(dirs)].sort())
  if (trie.roots.size > limit) throw tooManyOriginsError(trie, limit)
  countKnown(trie, knownDirs)
  solve(trie, limit)
  const top = addTop(trie, limit)
  const chosen = choose(trie, top, pickSize(trie.nodes[top].best))
  return describe(trie, chosen)
}

function overLimitError(count: number, limit: number): InputError {
  return new InputError(
    `Input 'daily-limit' (or today's remaining quota, if lower) allows ` +
      `${limit} directories, but the plan has ${count} and 'over-limit' is ` +
      `'fail'; set 'over-limit: widen' to merge them into parent ` +
      `directories, or raise 'daily-limit'.`
  )
}

function tooManyOriginsError(trie: Trie, limit: number): InputError {
  const origins = [...trie.roots.keys()]
  const shown =
    origins.slice(0, 3).join(', ') + (origins.length > 3 ? ', …' : '')
  const sites = origins.length === 1 ? 'one site' : `${origins.length} sites`
  return new InputError(
    `Input 'daily-limit' (or today's remaining quota, if lower) allows ` +
      `${limit} directories, but the plan spans ${sites} (${shown}) and ` +
      `a refresh cannot be widened past a site's root; raise ` +
      `'daily-limit' or list fewer sites.`
  )
}

/** A table no longer needed (its node has been merged into its parent). */
const NONE: number[] = []

function newNode(url: string): Node {
  return {
    url,
    children: [],
    bySegment: null,
    planned: false,
    extra: 0,
    cost: 0,
    best: NONE,
    takeSelf: false,
    splits: []
  }
}

/** The trie of the planned dirs and their ancestors, one root per origin. */
function buildTrie(sorted: string[]): Trie {
  const trie: Trie = { nodes: [], roots: new Map() }
  for (const url of sorted) {
    const { origin, segments } = splitDir(url)
    let at = trie.roots.get(origin)
    if (at === undefined) {
      at = trie.nodes.push(newNode(`${origin}/`)) - 1
      trie.roots.set(origin, at)
    }
    for (const segment of segments) at = childOf(trie, at, segment)
    trie.nodes[at].planned = true
  }
  return trie
}

function childOf(trie: Trie, parent: number, segment: string): number {
  const node = trie.nodes[parent]
  node.bySegment ??= new Map()
  const found = node.bySegment.get(segment)
  if (found !== undefined) return found
  const index = trie.nodes.push(newNode(`${node.url}${segment}/`)) - 1
  node.bySegment.set(segment, index)
  node.children.push(index)
  return index
}

/** Adds each extra known dir to the cost of every node above it. */
function countKnown(trie: Trie, knownDirs: string[]): void {
  for (const url of new Set(knownDirs)) {
    const { origin, segments } = splitDir(url)
    let at = trie.roots.get(origin)
    if (at === undefined) continue
    const above = [at]
    for (const segment of segments) {
      at = trie.nodes[at].bySegment?.get(segment)
      if (at === undefined) break
      above.push(at)
    }
    // A known dir that is a node is already counted, as a node.
    if (at !== undefined) continue
    for (const index of above) trie.nodes[index].extra += 1
  }
}

/** Fills cost, best and splits for every node, children first. */
function solve(trie: Trie, limit: number): void {
  const { nodes } = trie
  const inside = new Array<number>(nodes.length).fill(1)
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]
    for (const child of node.children) inside[i] += inside[child]
    node.cost = inside[i] + node.extra
    if (node.planned) {
      node.best = [Infinity, node.cost]
      node.takeSelf = true
      continue
    }
    node.best = combine(nodes, node.children, node.splits, limit)
    // Strictly cheaper only: on a tie the finer dirs below are kept.
    if (node.cost < node.best[1]) {
      node.best[1] = node.cost
      node.takeSelf = true
    }
    for (const child of node.children) nodes[child].best = NONE
  }
}

/**
 * Min-plus knapsack over `parts` (children, or origins): best[j] is the least
 * cost of covering all of them with j dirs. With each table cut at `limit`,
 * merging costs O(min(a, limit) × min(b, limit)), O(nodes × limit) in all.
 */
function combine(
  nodes: Node[],
  parts: number[],
  splits: (number[] | null)[],
  limit: number
): number[] {
  let acc = nodes[parts[0]].best
  for (let i = 1; i < parts.length; i++) {
    const right = nodes[parts[i]].best
    if (right.length === 2) {
      addSingle(acc, right[1], limit)
      splits.push(null)
    } else {
      const merged = mergeTables(acc, right, limit)
      acc = merged.best
      splits.push(merged.split)
    }
  }
  return acc
}

/**
 * The common case, a part that can only take one dir (a lone planned dir),
 * merged in place with no choice to record.
 */
function addSingle(acc: number[], cost: number, limit: number): void {
  if (acc.length <= limit) acc.push(Infinity)
  for (let j = acc.length - 1; j >= 1; j--) acc[j] = acc[j - 1] + cost
}

function mergeTables(
  left: number[],
  right: number[],
  limit: number
): { best: number[]; split: number[] } {
  const size = Math.min(limit, left.length + right.length - 2) + 1
  const best = new Array<number>(size).fill(Infinity)
  const split = new Array<number>(size).fill(0)
  for (let a = 1; a < left.length; a++) {
    if (left[a] === Infinity) continue
    for (let b = 1; b < right.length && a + b < size; b++) {
      const cost = left[a] + right[b]
      // `<=` with `a` rising: on a tie the earlier parts keep more dirs.
      if (cost <= best[a + b]) {
        best[a + b] = cost
        split[a + b] = b
      }
    }
  }
  return { best, split }
}

/** A node over every origin's root, never chosen itself; its index. */
function addTop(trie: Trie, limit: number): number {
  const top = newNode('')
  top.children = [...trie.roots.values()]
  top.best = combine(trie.nodes, top.children, top.splits, limit)
  return trie.nodes.push(top) - 1
}

/** How many dirs the plan ends with: the cheapest count, the larger on ties. */
function pickSize(best: number[]): number {
  let size = 1
  for (let j = 2; j < best.length; j++) {
    if (best[j] <= best[size]) size = j
  }
  return size
}

/** Walks the tables back down from `top` to the dirs they chose. */
function choose(trie: Trie, top: number, size: number): number[] {
  const chosen: number[] = []
  const todo: [number, number][] = [[top, size]]
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const [index, j] = next
    const node = trie.nodes[index]
    if (node.planned || (j === 1 && node.takeSelf)) {
      chosen.push(index)
      continue
    }
    // Undo the merges last to first: child i got splits[i - 1][j].
    let left = j
    for (let i = node.children.length - 1; i >= 1; i--) {
      const share = node.splits[i - 1]?.[left] ?? 1
      todo.push([node.children[i], share])
      left -= share
    }
    todo.push([node.children[0], left])
  }
  return chosen
}

/** The chosen dirs in URL order, and which planned dirs each parent took. */
function describe(trie: Trie, chosen: number[]): Fitted {
  const widened: Widening[] = []
  for (const index of chosen) {
    const node = trie.nodes[index]
    if (node.planned) continue
    widened.push({ parent: node.url, replaced: plannedUnder(trie, index) })
  }
  widened.sort((a, b) => compare(a.parent, b.parent))
  const dirs = chosen.map(index => trie.nodes[index].url).sort(compare)
  return { dirs, widened }
}

/** The topmost planned dirs under a node, in URL order. */
function plannedUnder(trie: Trie, index: number): string[] {
  const found: string[] = []
  const todo = [index]
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const node = trie.nodes[next]
    if (node.planned) found.push(node.url)
    else todo.push(...node.children)
  }
  return found.sort(compare)
}

/** Code-unit order, the same as Array.prototype.sort's default. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
