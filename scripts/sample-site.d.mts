export interface SampleSite {
  repo: string
  before: string
  after: string
  event: Record<string, unknown>
  remove(): void
}
export function createSampleSite(): SampleSite
