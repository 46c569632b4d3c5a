#!/usr/bin/env node
// Checks that imports in src/ point one way (design.md "Layout"): a module may import only from its own
// layer or from layers ranked below it, plus the specific rules listed in RULES. Run by `npm test`.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

// Layer of a file: the longest matching folder prefix. Lower rank = more basic.
const LAYERS = [
  ['lib', 0],
  ['clock', 1],
  ['ids', 1],
  ['arn', 1],
  ['errors', 1],
  ['protocol', 2],
  ['auth/sigv4', 2],
  ['policy', 2],
  ['federation', 2],
  ['store', 3],
  ['auth', 4],
  ['audit', 4],
  ['services', 5],
  ['imds', 6],
  ['containers', 6],
  ['server', 7],
  ['app', 8],
  ['client', 8],
  ['cli', 9],
  ['api', 10],
];

/** Extra rules: [from-layer prefix, forbidden import (prefix of a src path or a package), why]. */
const RULES = [
  ['services', 'protocol', 'services never import protocol codecs (only protocol/models types)', 'protocol/models'],
  ['services', 'node:http', 'services never import HTTP'],
  ['services', 'store/sqlite', 'only app/ picks a concrete store'],
  ['services', 'store/postgres', 'only app/ picks a concrete store'],
  ['server', 'store/sqlite', 'only app/ picks a concrete store'],
  ['server', 'store/postgres', 'only app/ picks a concrete store'],
  ['imds', 'store/sqlite', 'only app/ picks a concrete store'],
  ['imds', 'store/postgres', 'only app/ picks a concrete store'],
  ['containers', 'store/sqlite', 'only app/ picks a concrete store'],
  ['containers', 'store/postgres', 'only app/ picks a concrete store'],
  ['cli', 'store/sqlite', 'only app/ picks a concrete store'],
  ['cli', 'store/postgres', 'only app/ picks a concrete store'],
  ['policy', 'node:fs', 'the policy engine is pure'],
  ['policy', 'node:http', 'the policy engine is pure'],
  ['policy', 'node:net', 'the policy engine is pure'],
  ['auth/sigv4', 'node:fs', 'SigV4 is pure'],
  ['auth/sigv4', 'node:http', 'SigV4 is pure'],
  ['federation', 'node:fs', 'token and assertion verification is pure'],
  ['federation', 'node:http', 'token and assertion verification is pure'],
  ['protocol', 'node:fs', 'protocol codecs are pure'],
  ['protocol', 'node:http', 'protocol codecs are pure'],
];

const PACKAGE_HOMES = { 'better-sqlite3': 'store/sqlite', pg: 'store/postgres' };

function layerOf(path) {
  let best;
  for (const [prefix, rank] of LAYERS) {
    if ((path === prefix || path.startsWith(`${prefix}/`)) && (best === undefined || prefix.length > best[0].length)) best = [prefix, rank];
  }
  return best;
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems = [];
/** File → the src files it imports (type-only imports included: a circle of types is still a circle). */
const graph = new Map();
let files = 0;
for (const file of walk(src)) {
  files++;
  const from = relative(src, file).split(sep).join('/');
  const fromLayer = layerOf(from);
  if (fromLayer === undefined) {
    problems.push(`${from}: not inside a known layer (${LAYERS.map(([p]) => p).join(', ')})`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    let target;
    if (specifier.startsWith('.')) {
      target = relative(src, resolve(dirname(file), specifier))
        .split(sep)
        .join('/');
      if (target.startsWith('..')) {
        problems.push(`${from}: imports \`${specifier}\` from outside src/`);
        continue;
      }
      const edges = graph.get(from) ?? [];
      edges.push(target.replace(/\.js$/, '.ts'));
      graph.set(from, edges);
      const toLayer = layerOf(target);
      if (toLayer === undefined) continue;
      if (toLayer[0] !== fromLayer[0] && toLayer[1] >= fromLayer[1]) {
        problems.push(
          `${from}: imports ${target} (layer \`${toLayer[0]}\`, rank ${toLayer[1]}) but \`${fromLayer[0]}\` has rank ${fromLayer[1]}: imports must point down`,
        );
      }
    } else {
      target = specifier;
      const home = PACKAGE_HOMES[specifier.split('/')[0]];
      if (home !== undefined && !from.startsWith(`${home}/`)) problems.push(`${from}: imports \`${specifier}\`, which only ${home}/ may use`);
    }
    for (const [layer, forbidden, why, except] of RULES) {
      const inLayer = from === layer || from.startsWith(`${layer}/`);
      const hits = target === forbidden || target.startsWith(`${forbidden}/`);
      const excepted = except !== undefined && (target === except || target.startsWith(`${except}/`));
      if (inLayer && hits && !excepted) problems.push(`${from}: imports ${target}: ${why}`);
    }
  }
}

// Circles between files (Tarjan's strongly connected components): each is reported once, with its files.
const index = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
let counter = 0;
function connect(node) {
  index.set(node, counter);
  low.set(node, counter);
  counter++;
  stack.push(node);
  onStack.add(node);
  for (const next of graph.get(node) ?? []) {
    if (!index.has(next)) {
      connect(next);
      low.set(node, Math.min(low.get(node), low.get(next)));
    } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
  }
  if (low.get(node) === index.get(node)) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) problems.push(`an import circle: ${component.sort().join(' ↔ ')}`);
  }
}
for (const node of graph.keys()) if (!index.has(node)) connect(node);

if (problems.length > 0) {
  console.error(`layer check: ${problems.length} problem(s) in ${files} files`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`layer check: ${files} files, imports point one way, no import circle`);
