/**
 * The JDK's XML-DSig implementation (javax.xml.crypto) as an independent check of ours, through
 * test/federation/XmlDsigCheck.java in source-file mode. Neither xmlsec1 nor python's signxml/lxml is on the
 * machines; the JDK is (docs: .library machine notes list OpenJDK 17). Tests that need it say so when it is absent.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/repo-root.js';

let available: boolean | undefined;

export function javaAvailable(): boolean {
  available ??= spawnSync('java', ['-version'], { encoding: 'utf8' }).status === 0;
  if (!available) console.warn('SKIPPED: no `java` on the PATH: the XML-DSig cross-check against the JDK does not run');
  return available;
}

/** Runs XmlDsigCheck with files written from `files` (name → content); `{name}` in args is that file's path. */
export function runJava(args: readonly string[], files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamlab-xmldsig-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const resolved = args.map((arg) => arg.replace(/^\{(.+)\}$/, (_, name: string) => join(dir, name)));
    const source = join(repoRoot(), 'test', 'federation', 'XmlDsigCheck.java');
    const result = spawnSync('java', [source, ...resolved], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`XmlDsigCheck ${args[0] ?? ''} failed: ${result.stderr}`);
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
