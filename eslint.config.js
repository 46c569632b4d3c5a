// Lint rules run by `npm test` (scripts/lint.js): typescript-eslint's type-aware checks for what the
// compiler does not catch — a promise nobody awaits, a type imported as a value — plus a line length for
// what the formatter leaves alone (comments and long strings). Formatting itself is Prettier's
// (.prettierrc.json; `npm run format`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'vendor/', 'src/protocol/models/', 'test/vectors/', '.iamlab/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.js', 'bin/*.js', 'examples/tests/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      // An async function that does not await still turns a throw into a rejection: often the point.
      '@typescript-eslint/require-await': 'off',
      // A caught `unknown` passed on as a rejection is whatever was thrown; it need not be re-wrapped.
      // Matching control characters is this code's business (XML 1.0's forbidden characters, header values).
      'no-control-regex': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // `_`-prefixed names are left out on purpose (a member dropped from a rest spread, a positional argument).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      'max-len': ['error', { code: 160, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
