// Nest 12 ships ESM only, which Jest on Node 20 cannot require: @swc/jest compiles both our
// TypeScript (with decorator metadata, for constructor injection) and those packages to CommonJS.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|uid|path-to-regexp|iterare|fast-safe-stringify)/)'],
  // A relative dynamic import names the compiled file (`./x.js`), as Node's ESM resolution wants; Jest runs the .ts.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/*/src/**/*.spec.ts',
        '<rootDir>/libs/*/admin-ui/src/**/*.spec.ts',
        '<rootDir>/src/**/*.spec.ts',
      ],
    },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
