// ESM all the way: @actions/core 3 and @actions/github 9 ship ESM only, so
// tests run under ts-jest's ESM preset (NODE_OPTIONS=--experimental-vm-modules
// is set by the npm script).
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  },
  // End-to-end tests spawn the bundle and wait out real backoff; a shared,
  // busy machine can make that several times slower than usual.
  testTimeout: 90000
}
