/**
 * Where the project's data files are (`data/` at the package root, design.md "Layout"): the nearest folder above this
 * module holding a package.json, whether it runs from src/, dist/src/ or the bundle in dist/bundle/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function dataFilePath(fileName: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'data', fileName);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${fileName}: no package.json above the IAM service module`);
    dir = parent;
  }
}
