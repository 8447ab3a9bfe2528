// Lint rules: typescript-eslint's recommended set over every TypeScript file; the engine may not
// import Node, vscode, d3 or the DOM (it runs in the webview and the CLI alike); causeway/client
// may not import vscode; the engine, the CLI and the extension group counts with groupedCount.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'out/**', 'bench/out/**', 'test/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads'], message: 'The engine runs in the webview too: no Node modules.' },
            { group: ['vscode', 'd3', 'd3-*'], message: 'The engine must not import vscode or d3.' },
          ],
        },
      ],
    },
  },
  {
    files: ['engine/**/*.ts', 'cli/**/*.ts', 'extension/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='toLocaleString']",
          message: "Use groupedCount (engine/util/count-text.ts): toLocaleString's first call loads ICU's locale data, 15-80 ms on the extension host's thread as a trace opens.",
        },
      ],
    },
  },
  {
    files: ['examples/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', console: 'readonly', setTimeout: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['vscode'], message: 'causeway/client runs in any Node service: no vscode.' }] }],
    },
  },
);
