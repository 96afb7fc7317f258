import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'libs/*/dist/', 'node_modules/', 'coverage/', '.data/', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Build and release tools are plain Node.js scripts.
    files: ['**/tools/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // The package's bin stub is a plain CommonJS script, there before any build.
    files: ['libs/*/bin/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The example app and the e2e tests use the library the way a customer would: its public entry points only.
    files: ['src/**/*.ts', 'test/**/*.ts', 'ormconfig.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/libs/**',
                'nestjs-crisp-webhooks/*',
                '!nestjs-crisp-webhooks/testing',
                '!nestjs-crisp-webhooks/crisp-api',
              ],
              message: 'Import the library from nestjs-crisp-webhooks, nestjs-crisp-webhooks/testing or /crisp-api.',
            },
          ],
        },
      ],
    },
  },
);
