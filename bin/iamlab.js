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

/** A start without a usable cache writes one this soon (a lab stopped with SIGKILL never reaches its exit). */
const CACHE_AFTER_MS = 2_000;
/** At exit, a cache this much larger than the one the run started with (it compiled more) replaces it. */
const LARGER_BY = 1.1;

/**
 * Runs the bundle as Node runs a CommonJS file, but compiled with V8's code cache: Node 20 has no compile cache, and
 * compiling the bundle's ~1 MB of code, then each function on its first call, is a third of a start. The cache
 * (`cli.cjs.v8-cache`, beside the bundle) holds what a run compiled. A start without a usable one (none yet, or one V8
 * refuses: another Node, other V8 flags, a rebuilt bundle) writes one after CACHE_AFTER_MS; every run, at its exit,
 * writes one if it compiled markedly more than it started with, so a cache first written by `iamlab --help` grows to
 * hold what `iamlab serve` and its requests need. `IAMLAB_CODE_CACHE=0` neither reads nor writes it.
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
  if (useCache) {
    const usable = cachedData !== undefined && !script.cachedDataRejected;
    const startedWith = usable ? cachedData.length : 0;
    if (!usable) setTimeout(() => writeCodeCache(cacheFile, script.createCachedData()), CACHE_AFTER_MS).unref();
    process.once('exit', () => {
      const compiled = script.createCachedData();
      if (compiled.length > startedWith * LARGER_BY) writeCodeCache(cacheFile, compiled);
    });
  }
  return module.exports;
}

/** Written whole or not at all (labs started together each write their own file, then rename it into place). */
function writeCodeCache(cacheFile, data) {
  const written = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(written, data);
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
