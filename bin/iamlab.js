#!/usr/bin/env node
// The iamlab command. `npm install` compiles the TypeScript sources to dist/src and bundles them into
// dist/bundle (the `prepare` script runs `npm run build`): the bundle starts in a fraction of the time the
// ~390 separate modules take. Without a bundle (tsc run by hand) the modules are used as they are.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/main.js', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/src/cli/main.js');

process.exitCode = await main(process.argv.slice(2), process.env);
