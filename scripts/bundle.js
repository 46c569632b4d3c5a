#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js and everything it imports) into dist/bundle/, which is
// what bin/iamlab.js runs, and the in-process API (dist/src/api/index.js) into dist/bundle/api.js, the
// package's main export; the two share chunks. tsc stays the compiler and type checker; esbuild only joins its output. Why:
// Node 20 loads each ES module with its own resolve, stat, open, read and compile, and the ~390 modules of
// dist/src took most of a cold start (see README, "Benchmarks"). Modules loaded with `await import()` (the
// PostgreSQL store and its driver) become chunks of their own, so an SQLite lab never loads them.
// Runtime dependencies stay in node_modules (native code, and their own files).
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';

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
await build({
  entryPoints: { main: join(root, 'dist', 'src', 'cli', 'main.js'), api: join(root, 'dist', 'src', 'api', 'index.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(packageJson.dependencies ?? {}),
  sourcemap: 'linked',
  plugins: [modelsAsJson],
  logLevel: 'warning',
});

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
