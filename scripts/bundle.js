#!/usr/bin/env node
// Bundles the compiled sources: the in-process API (dist/src/api/index.js) into dist/bundle/api.js, the package's
// main export, and the CLI (dist/src/cli/main.js and everything it imports) into dist/bundle/cli.cjs, which
// bin/iamlab.js runs. tsc stays the compiler and type checker; esbuild only joins its output. Why: Node 20 loads
// each ES module with its own resolve, stat, open, read and compile, and the ~390 modules of dist/src took most of
// a cold start (see README, "Benchmarks"). In the API's bundle, modules loaded with `await import()` (the
// PostgreSQL store and its driver) become chunks of their own, so an SQLite lab never loads them.
// Runtime dependencies stay in node_modules (native code, and their own files).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { build, transform } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
const packageJson = (await import(join(root, 'package.json'), { with: { type: 'json' } })).default;

/**
 * The AWS service models (dist/src/protocol/models/*.js, generated from botocore's JSON) are ~500 KB of object
 * literals, which V8 parses and then evaluates at every start; the same data as a JSON string handed to
 * `JSON.parse` is scanned once as a string and built by the much faster JSON parser. So the bundle holds each model
 * as `JSON.parse('…')`: the value the module exports, taken from the module itself and checked to survive JSON
 * unchanged (a model that did not would fail the build here).
 */
const MODEL_FILE = /[\\/]dist[\\/]src[\\/]protocol[\\/]models[\\/](iam|s3|ec2|sts|cloudtrail)\.js$/;
const modelsAsJson = {
  name: 'models-as-json',
  setup(plugin) {
    plugin.onLoad({ filter: MODEL_FILE }, async (args) => {
      const exported = Object.entries(await import(pathToFileURL(args.path).href));
      const [name, model] = exported[0] ?? [];
      if (exported.length !== 1 || !name?.endsWith('Model')) throw new Error(`${args.path}: expected one export, a model`);
      const text = JSON.stringify(model);
      if (!isDeepStrictEqual(JSON.parse(text), model)) throw new Error(`${args.path}: the model does not survive JSON unchanged`);
      return { contents: `export const ${name} = JSON.parse(${JSON.stringify(text)});\n`, loader: 'js' };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const common = {
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: Object.keys(packageJson.dependencies ?? {}),
  sourcemap: 'linked',
  plugins: [modelsAsJson],
  logLevel: 'warning',
};
await build({ ...common, entryPoints: { api: join(root, 'dist', 'src', 'api', 'index.js') }, splitting: true, format: 'esm' });

/**
 * The CLI as one CommonJS module, so that bin/iamlab.js can compile it with V8's code cache (`vm.Script` takes cached
 * data; Node 20 has no compile cache for ES modules), since compiling its ~1 MB of code was a third of a start. The
 * file is the module already inside Node's module wrapper, a function expression that bin/iamlab.js calls: the text
 * read is the text compiled, with no second copy of 3 MB made by wrapping it. `import.meta.url` (files found beside
 * the bundle, drivers required from it) becomes the file's own URL, and `import()` becomes `require()`: everything
 * it loads is bundled, or a CommonJS driver.
 */
await build({
  ...common,
  entryPoints: { cli: join(root, 'dist', 'src', 'cli', 'main.js') },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': 'import_meta_url' },
  banner: {
    js: [
      "// The CLI: one CommonJS module in Node's module wrapper, run by bin/iamlab.js (scripts/bundle.js).",
      '(function (exports, require, module, __filename, __dirname) {"use strict";',
      'const import_meta_url = require("node:url").pathToFileURL(__filename).href;',
    ].join('\n'),
  },
  footer: { js: '})' },
  supported: { 'dynamic-import': false },
});
await asciiOnly(join(outdir, 'cli.cjs'));

/**
 * esbuild writes code in ASCII (it escapes other characters in strings, regular expressions and names) but keeps
 * comments as they are, and one `…` or `—` in a comment makes V8 hold the whole 1.7 MB source as UTF-16: twice the
 * memory for as long as the lab runs, and a slower read. So those characters are escaped in the comments too. The
 * check: the file minified (comments gone) is the same before and after.
 */
async function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\0-\x7f]/gu, (character) => `\\u{${character.codePointAt(0).toString(16)}}`);
  const [before, after] = await Promise.all([text, ascii].map((code) => transform(code, { minify: true })));
  if (before.code !== after.code) throw new Error(`${file}: a character outside ASCII is not in a comment`);
  writeFileSync(file, ascii);
}

// The console (design.md "The console"): ui/ in TypeScript, checked by `tsc -p ui/tsconfig.json` (the
// build's first step) and bundled here for browsers into dist/bundle/ui/, beside the page and its style. The
// server serves these three files and nothing else (src/server/admin/console/console-static.ts).
const uiSource = join(root, 'ui');
const uiOut = join(outdir, 'ui');
await build({
  entryPoints: { app: join(uiSource, 'main.ts') },
  outdir: uiOut,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome120',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
mkdirSync(uiOut, { recursive: true });
for (const file of ['index.html', 'app.css']) copyFileSync(join(uiSource, file), join(uiOut, file));
