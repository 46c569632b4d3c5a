/**
 * Every snippet in the README runs as written, in order, against a fresh lab, and prints what the README shows
 * (test/docs/readme-snippets.ts says how the README marks output, failures and blocks that do not run). The
 * snippets run in one bash session in the clone, as a newcomer pastes them into a terminal: with a HOME of their
 * own (so ~/.aws is new), npm's global folder in a scratch directory (so `npm link` puts `iamlab` on this
 * session's PATH only), and the lab's address in place of the README's 127.0.0.1:4566.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { awsCliVersion, boto3Python, SKIP_NO_AWS_CLI, SKIP_NO_BOTO3 } from '../support/clients.js';
import { repoRoot } from '../support/repo-root.js';
import { startTestLab } from '../support/test-lab.js';
import { missingExpectedLine, readmeSnippets, saysItFails } from './readme-snippets.js';
import type { Snippet } from './readme-snippets.js';

const README_ENDPOINT = '127.0.0.1:4566';
const root = repoRoot();
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const snippets = readmeSnippets(readme);
const readmeLines = readme.split('\n');

interface Script {
  readonly text: string;
  /** README line of each script line (1-based both), where the script line comes from the README. */
  readonly readmeLine: ReadonlyMap<number, number>;
}

/** One bash script of all the snippets that run, each announced by a marker line and with failures reported. */
function scriptOf(runnable: readonly (readonly [number, Snippet])[], host: string): Script {
  const lines = ['exec 2>&1', `trap 'printf "\\n@@err %d %d\\n" "$?" "$LINENO"' ERR`];
  const readmeLine = new Map<number, number>();
  for (const [index, snippet] of runnable) {
    lines.push(`printf '\\n@@block %d\\n' ${index}`);
    const delimiter = `__README_${snippet.language.toUpperCase()}__`;
    if (snippet.language === 'python') lines.push(`python3 - <<'${delimiter}'`);
    if (snippet.language === 'js') lines.push(`node --input-type=module <<'${delimiter}'`);
    if (snippet.language !== 'sh') readmeLine.set(lines.length, snippet.firstLine);
    snippet.lines.forEach((line, offset) => {
      lines.push(line.replaceAll(README_ENDPOINT, host));
      if (snippet.language === 'sh') readmeLine.set(lines.length, snippet.firstLine + offset);
    });
    if (snippet.language !== 'sh') lines.push(delimiter);
  }
  return { text: `${lines.join('\n')}\n`, readmeLine };
}

function runBash(script: string, environment: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: root, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(output));
  });
}

/** The environment of a new terminal: no AWS or iamlab settings, a new HOME, npm's global folder in scratch. */
function newTerminal(scratch: string, python: string, endpoint: string): NodeJS.ProcessEnv {
  // The README's `python3` must be one with boto3: when the first python3 on the PATH lacks it, a shim goes first.
  const shims = join(scratch, 'shims');
  mkdirSync(shims);
  if (python !== 'python3') symlinkSync(python, join(shims, 'python3'));
  const npmPrefix = join(scratch, 'npm-global');
  const home = join(scratch, 'home');
  mkdirSync(home);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|IAMLAB_|npm_)/i.test(name)));
  return {
    ...inherited,
    HOME: home,
    PATH: [join(npmPrefix, 'bin'), shims, process.env['PATH'] ?? ''].join(':'),
    npm_config_prefix: npmPrefix,
    npm_config_update_notifier: 'false',
    // The README's commands talk to 127.0.0.1:4566; this lab listens elsewhere.
    IAMLAB_ENDPOINT: endpoint,
  };
}

describe('README.md', () => {
  it('marks every block it does not run with a reason, and has runnable snippets with promised output', () => {
    assert.ok(snippets.length >= 8, `${snippets.length} snippets`);
    assert.ok(snippets.filter((s) => s.skip === undefined && s.expected !== undefined).length >= 4);
    for (const snippet of snippets) assert.notEqual(snippet.skip, '', `README line ${snippet.firstLine}`);
  });

  it('every snippet runs as written, in order, on a fresh lab, and prints what the README shows', { timeout: 600_000 }, async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const python = boto3Python();
    if (python === false) return t.skip(SKIP_NO_BOTO3);
    const lab = await startTestLab();
    const scratch = mkdtempSync(join(tmpdir(), 'iamlab-readme-'));
    try {
      const runnable = snippets.map((snippet, index) => [index, snippet] as const).filter(([, snippet]) => snippet.skip === undefined);
      const script = scriptOf(runnable, new URL(lab.endpoint).host);
      const output = await runBash(script.text, newTerminal(scratch, python, lab.endpoint));
      const problems = judge(runnable, script, output);
      assert.deepEqual(problems, [], `${problems.join('\n')}\n\n--- what the snippets printed ---\n${output}`);
    } finally {
      await lab.dispose();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

/** What went otherwise than the README says, one line each. */
function judge(runnable: readonly (readonly [number, Snippet])[], script: Script, output: string): string[] {
  const problems: string[] = [];
  const outputs = new Map<number, string[]>();
  const failedReadmeLines = new Set<number>();
  let current: string[] | undefined;
  for (const line of output.split('\n')) {
    const block = /^@@block (\d+)$/.exec(line);
    if (block !== null) {
      current = [];
      outputs.set(Number(block[1]), current);
      continue;
    }
    const failure = /^@@err (\d+) (\d+)$/.exec(line);
    if (failure !== null) {
      const readmeLine = script.readmeLine.get(Number(failure[2]));
      if (readmeLine === undefined) problems.push(`a command the test added failed (script line ${failure[2]}, status ${failure[1]})`);
      else failedReadmeLines.add(readmeLine);
      continue;
    }
    current?.push(line);
  }
  for (const [index, snippet] of runnable) {
    const printed = outputs.get(index);
    if (printed === undefined) {
      problems.push(`README line ${snippet.firstLine}: the block never ran (an earlier one ended the session?)`);
      continue;
    }
    snippet.lines.forEach((_, offset) => {
      const number = snippet.firstLine + offset;
      const text = readmeLines[number - 1] ?? '';
      const failed = failedReadmeLines.has(number) || (snippet.language !== 'sh' && offset === 0 && failedReadmeLines.has(snippet.firstLine));
      if (failed && !saysItFails(text)) problems.push(`README line ${number} failed, and the README does not say it fails: ${text.trim()}`);
      if (!failed && saysItFails(text)) problems.push(`README line ${number} says it fails, but it succeeded: ${text.trim()}`);
    });
    if (snippet.expected !== undefined) {
      const missing = missingExpectedLine(snippet.expected, printed);
      if (missing !== undefined)
        problems.push(`README line ${snippet.firstLine}: the output shown has \`${missing.trim()}\`, not printed in that order`);
    }
  }
  return problems;
}
