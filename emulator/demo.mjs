// The demo setup `cli.mjs` runs with, importable by scripts that want the
// same key pair and domains. The key pair is made up: not a credential.

export const DEMO_SECRET_ID = 'AKIDEMULATORDEMO0000000000000000000'
export const DEMO_SECRET_KEY = 'emulatorDemoKeyNotARealSecret0000'
export const DEMO_OVERSEAS_DOMAINS = ['www.example.com', 'static.example.com']
export const DEMO_MAINLAND_DOMAINS = ['cn.example.com']
