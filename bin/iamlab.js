#!/usr/bin/env node
// The iamlab command. `npm install` compiles the TypeScript sources to dist/src and bundles them into
// dist/bundle (the `prepare` script runs `npm run build`): the bundle starts in a fraction of the time the
// ~390 separate modules take. Without a bundle (tsc run by hand) the modules are used as they are.
import { existsSync } from 'node:fs';

// A reader that went away (`iamlab events | head -1`) is not an error of ours: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const bundle = new URL('../dist/bundle/main.js', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/src/cli/main.js');

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
