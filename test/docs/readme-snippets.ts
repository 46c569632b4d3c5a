/**
 * The README's fenced code blocks, read the way documentation tests read them: which ones run, in which
 * language, what output the README shows after them, and which lines it says fail.
 *
 * - ```sh, ```python and ```js blocks run, in the order they appear, in one shell session (variables and
 *   `eval "$(iamlab env)"` carry over from block to block, as in a terminal).
 * - A block right after a runnable one (only blank lines between) in ```json, ```text or a bare fence is the
 *   output the README promises: its lines must appear in that order in what the block printed. `…` in a line
 *   stands for anything; request ids, times, access key ids and instance ids are compared by shape.
 * - A line whose comment contains `# fails` must fail (exit status not 0), and every other line must succeed.
 * - `<!-- readme-test: skip: <reason> -->` on the line before a block keeps it from running; the reason is
 *   required (setting up and `npm test` itself, runs that take minutes).
 */

export type SnippetLanguage = 'sh' | 'python' | 'js';

export interface Snippet {
  readonly language: SnippetLanguage;
  /** The block's lines, without the fences. */
  readonly lines: readonly string[];
  /** README line number (1-based) of the block's first line. */
  readonly firstLine: number;
  /** Why the block does not run, when the README says it does not. */
  readonly skip: string | undefined;
  /** The output the README shows after the block, if any. */
  readonly expected: readonly string[] | undefined;
}

const FENCE = /^```(\w*)\s*$/;
const SKIP = /^<!--\s*readme-test:\s*skip:\s*(.+?)\s*-->\s*$/;
const OUTPUT_LANGUAGES = new Set(['json', 'text', '']);
const RUNNABLE: Readonly<Record<string, SnippetLanguage>> = { sh: 'sh', python: 'python', js: 'js' };

interface Block {
  readonly language: string;
  readonly lines: string[];
  readonly firstLine: number;
  /** Index of the block's closing fence. */
  readonly end: number;
  readonly skip: string | undefined;
}

export function readmeSnippets(readme: string): Snippet[] {
  const lines = readme.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (open === null) continue;
    let end = i + 1;
    while (end < lines.length && lines[end] !== '```') end++;
    const skip = SKIP.exec(lines[i - 1] ?? '')?.[1];
    blocks.push({ language: open[1] ?? '', lines: lines.slice(i + 1, end), firstLine: i + 2, end, skip });
    i = end;
  }
  const snippets: Snippet[] = [];
  blocks.forEach((block, index) => {
    const language = RUNNABLE[block.language];
    if (language === undefined) return;
    const next = blocks[index + 1];
    const adjacent =
      next !== undefined && OUTPUT_LANGUAGES.has(next.language) && lines.slice(block.end + 1, next.firstLine - 2).every((line) => line.trim() === '');
    snippets.push({ language, lines: block.lines, firstLine: block.firstLine, skip: block.skip, expected: adjacent ? next.lines : undefined });
  });
  return snippets;
}

/** Values that differ from run to run, replaced by their kind on both sides before comparing. */
const SHAPES: readonly (readonly [RegExp, string])[] = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<request-id>'],
  [/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)\b/g, '<time>'],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '<access-key-id>'],
  [/\bi-[0-9a-f]{17}\b/g, '<instance-id>'],
];

function normalise(line: string): string {
  let out = line.trim();
  for (const [pattern, shape] of SHAPES) out = out.replace(pattern, shape);
  return out;
}

/**
 * Whether the expected lines appear, in order, among the actual ones; returns the first expected line that
 * could not be found (after the previous ones), or undefined when all were.
 */
export function missingExpectedLine(expected: readonly string[], actual: readonly string[]): string | undefined {
  const have = actual.map(normalise);
  let from = 0;
  for (const line of expected) {
    const wanted = normalise(line);
    if (wanted === '' || wanted === '...' || wanted === '…') continue;
    const pattern = new RegExp(`^${wanted.split('…').map(escapeRegExp).join('.*')}$`);
    const at = have.findIndex((candidate, index) => index >= from && pattern.test(candidate));
    if (at === -1) return line;
    from = at + 1;
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `# fails` in a line's comment: the README says the command on it fails. */
export function saysItFails(line: string): boolean {
  return /#\s*fails\b/.test(line);
}
