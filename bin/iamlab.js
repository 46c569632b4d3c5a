#!/usr/bin/env node
// The iamlab command. `npm install` compiles the TypeScript sources to dist/src and bundles the CLI into
// dist/bundle/cli.cjs (the `prepare` script runs `npm run build`): one script starts in a fraction of the time the
// ~390 separate modules take. Without a bundle (tsc run by hand) the modules are used as they are.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

// A reader that went away (`iamlab events | head -1`) is not an error of ours: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/** When the code cache is written: once the lab has started and, usually, answered its first requests. */
const CACHE_AFTER_MS = 2_000;

/**
 * Runs the bundle as Node runs a CommonJS file, but compiled with V8's code cache: Node 20 has no compile cache, and
 * compiling the bundle's ~1 MB of code, then each function on its first call, is a third of a start. The cache
 * (`cli.cjs.v8-cache`, beside the bundle) is written by the first start that runs CACHE_AFTER_MS, and again
 * whenever V8 refuses it (another Node, other V8 flags, a rebuilt bundle). `IAMLAB_CODE_CACHE=0` neither reads nor
 * writes it.
 */
function loadBundle(file) {
  const cacheFile = `${file}.v8-cache`;
  const useCache = process.env.IAMLAB_CODE_CACHE !== '0';
  let cachedData;
  try {
    if (useCache) cachedData = readFileSync(cacheFile);
  } catch {
    // None yet: this start compiles, and writes one.
  }
  // The file is a function expression: the module in Node's module wrapper (scripts/bundle.js).
  const script = new vm.Script(readFileSync(file, 'utf8'), { filename: file, ...(cachedData === undefined ? {} : { cachedData }) });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  if (useCache && (cachedData === undefined || script.cachedDataRejected)) {
    setTimeout(() => writeCodeCache(script, cacheFile), CACHE_AFTER_MS).unref();
  }
  return module.exports;
}

/** Written whole or not at all (labs started together each write their own file, then rename it into place). */
function writeCodeCache(script, cacheFile) {
  const written = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(written, script.createCachedData());
    renameSync(written, cacheFile);
  } catch {
    // A read-only installation: every start compiles, as it would without a cache.
    try {
      rmSync(written, { force: true });
    } catch {
      // Nothing was written.
    }
  }
}

const bundle = fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url));
const { main } = existsSync(bundle) ? loadBundle(bundle) : await import('../dist/src/cli/main.js');

try {
  process.exitCode = await main(process.argv.slice(2), process.env);
} catch (error) {
  // Every expected failure is answered by main() in a line of its own; what reaches here is a bug: one line,
  // and the stack only on request.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`iamlab: ${message}\n`);
  if (process.env.IAMLAB_DEBUG === '1' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('iamlab: this is a bug of iamlab; IAMLAB_DEBUG=1 shows where it happened\n');
  process.exitCode = 1;
}
