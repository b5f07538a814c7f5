// ESLint (flat config): typescript-eslint's recommended rules with type information, and React's hooks rules for the
// UI Kit page. Formatting is Prettier's job (`npm run format:check`), so no stylistic rules here.
// `npm run lint` checks, `npm run lint:fix` applies the fixes ESLint can make itself.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    // Generated, vendored or not ours: build output, local state, the browser preview's plain scripts.
    ignores: ['node_modules/', '.local/', 'test-output/', 'static/', 'test/local/site/specs/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Unused code is noise; a leading underscore marks a parameter kept for its position. UI Kit files import React
      // as Forge's templates do (Forge's bundler compiles .tsx with classic JSX for its node target); with our
      // react-jsx setting that import is unused but harmless.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^(_|React$)', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // A floating promise is a lost error or an invocation that ends before its work: always handle or await.
      '@typescript-eslint/no-floating-promises': 'error',
      // UI Kit event handlers may be async (onClick={save}): the reconciler ignores what they return.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Numbers and booleans read fine in messages (`${count} users`); objects and nullish values do not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Values from UI Kit events, form props and parsed files are typed loosely (`unknown`/`any`) and turned into
      // text on purpose with String(); the rule cannot tell those from an object printed by mistake.
      '@typescript-eslint/no-base-to-string': 'off',
      // Forge's handler signatures and the ports are async by contract even where one implementation has no await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/frontend/**/*.{ts,tsx}', 'test/e2e/fixtures/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // A React Compiler rule (new in eslint-plugin-react-hooks 7): UI Kit pages are not compiled by it, and the
      // screens load their data in effects by design (hooks.ts `useLoad`: loading state first, then the answer).
      'react-hooks/set-state-in-effect': 'off',
    },
  },
  {
    // The tests, the local Forge runtime, simulated site and CLI: they handle the SDKs' and the site's JSON as it
    // comes (`any` from JSON.parse and from the SDKs' internals) and assert on it; the assertions and the contract
    // tests check those shapes, so the no-unsafe-* family would only add casts. The runtime registers itself as the
    // installed one (`this` aliasing) and re-throws errors with their message inlined for a one-line CLI error.
    files: ['test/**/*.{ts,tsx}', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-this-alias': 'off',
      'preserve-caught-error': 'off',
      // node:test's test() and describe() return promises the runner awaits itself.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // The dependency rules (.dependency-cruiser.cjs) are CommonJS, as dependency-cruiser reads them.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
