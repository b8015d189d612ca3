// Hand-written types for demo.mjs.

export const DEMO_SECRET_ID: string
export const DEMO_SECRET_KEY: string
export const DEMO_OVERSEAS_DOMAINS: string[]
export const DEMO_MAINLAND_DOMAINS: string[]
