/**
 * Every citation of the project's documents resolves inside the repository (docs/README.md, "Citing them from
 * code"): a document named is in docs/, an `aws-behaviour.md §<n>` names a numbered section of
 * docs/aws-behaviour.md (a bare `§<n>` too, unless an RFC or another spec precedes it), a
 * `design.md "<title>"` names a heading of docs/design.md, and a `conventions.md habit <n>` one of its habits.
 * Nothing under src/ may point at documents outside the repository.
 *
 * A citation may run over a line break inside a comment (a heading split between two comment lines), so each
 * line is read together with the two after it, comment markers removed; a citation belongs to the line it
 * starts on.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/repo-root.js';

const root = repoRoot();
const docsDir = join(root, 'docs');

/** Where citations are looked for: these folders (those that exist) and the top-level README. */
const SCANNED_DIRS = ['src', 'test', 'bench', 'reliability', 'scripts', 'codegen', 'docs'];
const SCANNED_FILES = ['README.md'];
const EXTENSIONS = ['.ts', '.js', '.mjs', '.cjs', '.md', '.json'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git']);

/** The project documents code may cite; each must exist in docs/ once cited. */
const DOCUMENTS = ['aws-behaviour', 'design', 'conventions', 'aws-federation', 'aws-iam-s3-more'].map((name) => `${name}.md`);

interface SourceFile {
  readonly path: string;
  readonly lines: readonly string[];
}

interface Citation {
  readonly where: string;
  readonly text: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : walk(full);
    return EXTENSIONS.some((ext) => entry.name.endsWith(ext)) ? [full] : [];
  });
}

function scannedFiles(): SourceFile[] {
  const paths = [
    ...SCANNED_DIRS.map((dir) => join(root, dir))
      .filter((dir) => existsSync(dir))
      .flatMap(walk),
    ...SCANNED_FILES.map((file) => join(root, file)).filter((file) => existsSync(file)),
  ];
  return paths.sort().map((path) => ({ path: relative(root, path).split(sep).join('/'), lines: readFileSync(path, 'utf8').split(/\r?\n/) }));
}

/** A line as it continues the one before it: without indentation and comment markers. */
function continuation(line: string | undefined): string {
  return line === undefined ? '' : line.replace(/^\s*(?:\/\/+|\*+(?!\/)|#+)?\s*/, '');
}

/** Every match of `pattern` that starts on some line of `file`, with the text read across line breaks. */
function* matchesIn(
  file: SourceFile,
  pattern: RegExp,
): Generator<{ readonly line: number; readonly match: RegExpExecArray; readonly before: string }> {
  for (let i = 0; i < file.lines.length; i++) {
    const own = file.lines[i] ?? '';
    if (own === '') continue;
    const window = `${own} ${continuation(file.lines[i + 1])} ${continuation(file.lines[i + 2])}`;
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    for (let match = global.exec(window); match !== null; match = global.exec(window)) {
      if (match.index >= own.length) break;
      yield { line: i + 1, match, before: window.slice(0, match.index) };
      if (match[0] === '') global.lastIndex++;
    }
  }
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** `## 7. Policy evaluation` → `7`; `### 7.1 The order…` → `7.1` (aws-behaviour.md, aws-federation.md). */
function numberedSections(document: string): Set<string> {
  const sections = new Set<string>();
  for (const line of readFileSync(join(docsDir, document), 'utf8').split(/\r?\n/)) {
    const chapter = /^##\s+(\d+)\.\s/.exec(line);
    if (chapter?.[1] !== undefined) sections.add(chapter[1]);
    const section = /^###\s+(\d+\.\d+)\s/.exec(line);
    if (section?.[1] !== undefined) sections.add(section[1]);
  }
  return sections;
}

function designHeadings(): Set<string> {
  const headings = new Set<string>();
  for (const line of readFileSync(join(docsDir, 'design.md'), 'utf8').split(/\r?\n/)) {
    const heading = /^#{2,4}\s+(.+?)\s*$/.exec(line);
    if (heading?.[1] !== undefined) headings.add(collapse(heading[1]));
  }
  return headings;
}

function conventionHabits(): Set<string> {
  const habits = new Set<string>();
  for (const line of readFileSync(join(docsDir, 'conventions.md'), 'utf8').split(/\r?\n/)) {
    const habit = /^(\d+)\.\s/.exec(line);
    if (habit?.[1] !== undefined) habits.add(habit[1]);
  }
  return habits;
}

const NUMBER = String.raw`\d+(?:\.\d+)?`;
/** One cited section, possibly a range: `§3.2`, `§3.2–§3.4`, `§5.3–5.4`. */
const SECTION_ITEM = String.raw`§\s?${NUMBER}(?:\s*[–—-]\s*§?\s?${NUMBER})?`;
/** `aws-behaviour.md §1.2, §1.3 and §1.5` (also with a backtick or an opening bracket after the name). */
const BEHAVIOUR_CITATION = new RegExp(String.raw`aws-behaviour\.md\`?\s*\(?\s*(${SECTION_ITEM}(?:\s*(?:,|;|and|&)\s*${SECTION_ITEM})*)`, 'g');
/** Any `§` number, for bare citations; those of RFCs and other specifications are told apart by what precedes. */
const BARE_SECTION = /§\s?(\d+(?:\.\d+)*)/g;
/** An RFC or another specification just before the `§`, possibly after a list of its sections (`XML 1.0 §2.11 and §3.3.3`). */
const OTHER_SPEC_BEFORE = /(?:RFC\s*\d+|spec(?:ification)?|XML-DSig|XML 1\.0|X\.690|ECMA-262|saml-[\w.-]+-os)(?:\s*§\s?[\d.]+\s*(?:,|and|&))*\s*$/i;
/** The last of the two numbered documents named before a bare `§` decides which one it cites. */
const NUMBERED_DOCUMENT = /aws-(behaviour|federation)(?:\.md)?/g;
/** `aws-federation.md §2.2, §3.4` (as BEHAVIOUR_CITATION). */
const FEDERATION_CITATION = new RegExp(String.raw`aws-federation\.md\`?\s*\(?\s*(${SECTION_ITEM}(?:\s*(?:,|;|and|&)\s*${SECTION_ITEM})*)`, 'g');
/** `design.md "Time"`, `design.md, "Storage"`, and with a bracket or a `§` before the quoted `<title>`. */
const DESIGN_CITATION = /design\.md`?,?\s*\(?\s*§?\s*"([^"<]+)"/g;
const HABIT_CITATION = /conventions\.md`?,?\s*habit\s+(\d+)/g;
const DOCUMENT_MENTION = new RegExp(String.raw`(?<![\w-])(${DOCUMENTS.map((d) => d.replace('.', String.raw`\.`)).join('|')})(?![\w-])`, 'g');
const OUTSIDE_DOCS = /\.\.\/shared|shared\/docs/g;

const files = scannedFiles();
const sections = numberedSections('aws-behaviour.md');
const federationSections = numberedSections('aws-federation.md');
const headings = designHeadings();
const habits = conventionHabits();

function report(title: string, problems: readonly Citation[]): string {
  return `${problems.length} ${title}:\n${problems.map((p) => `  ${p.where}: ${p.text}`).join('\n')}`;
}

describe('citations of docs/ resolve inside the repository', () => {
  it('every cited document is in docs/', () => {
    const missing: Citation[] = [];
    let seen = 0;
    for (const file of files) {
      for (const { line, match } of matchesIn(file, DOCUMENT_MENTION)) {
        seen++;
        const name = match[1] ?? '';
        if (!existsSync(join(docsDir, name))) missing.push({ where: `${file.path}:${line}`, text: `${name} is not in docs/` });
      }
    }
    assert.ok(seen > 100, `only ${seen} mentions of the documents found: is the scan broken?`);
    assert.deepEqual(missing, [], report('citations of documents that are not in docs/', missing));
  });

  it('every aws-behaviour.md section cited is a heading of docs/aws-behaviour.md', () => {
    const missing: Citation[] = [];
    let explicit = 0;
    for (const file of files) {
      for (const { line, match } of matchesIn(file, BEHAVIOUR_CITATION)) {
        explicit++;
        for (const [number] of (match[1] ?? '').matchAll(new RegExp(NUMBER, 'g'))) {
          if (!sections.has(number)) missing.push({ where: `${file.path}:${line}`, text: `${collapse(match[0])}: no section ${number}` });
        }
      }
    }
    assert.ok(explicit > 100, `only ${explicit} aws-behaviour.md citations found: is the scan broken?`);
    assert.deepEqual(missing, [], report('aws-behaviour.md citations of sections that do not exist', missing));
  });

  it('every bare § number outside an RFC or spec reference is a section of the document named before it (aws-behaviour.md by default)', () => {
    const missing: Citation[] = [];
    for (const file of files) {
      for (const { line, match, before } of matchesIn(file, BARE_SECTION)) {
        if (OTHER_SPEC_BEFORE.test(before)) continue;
        const number = match[1] ?? '';
        const named = [...before.matchAll(NUMBERED_DOCUMENT)].at(-1)?.[1];
        const federation = named === 'federation' || (named === undefined && file.path === 'docs/aws-federation.md');
        const [known, document] = federation ? [federationSections, 'aws-federation.md'] : [sections, 'aws-behaviour.md'];
        // aws-federation.md, a reference imported whole, cites aws-behaviour.md's sections across line breaks too.
        const imported = file.path === 'docs/aws-federation.md' && sections.has(number);
        if (!known.has(number) && !imported) missing.push({ where: `${file.path}:${line}`, text: `§${number}: no such section in ${document}` });
      }
    }
    assert.deepEqual(missing, [], report('bare § citations of sections that do not exist', missing));
  });

  it('every aws-federation.md section cited is a heading of docs/aws-federation.md', () => {
    const missing: Citation[] = [];
    for (const file of files) {
      for (const { line, match } of matchesIn(file, FEDERATION_CITATION)) {
        for (const [number] of (match[1] ?? '').matchAll(new RegExp(NUMBER, 'g'))) {
          if (!federationSections.has(number)) missing.push({ where: `${file.path}:${line}`, text: `${collapse(match[0])}: no section ${number}` });
        }
      }
    }
    assert.deepEqual(missing, [], report('aws-federation.md citations of sections that do not exist', missing));
  });

  it('every design.md heading cited is a heading of docs/design.md', () => {
    const missing: Citation[] = [];
    let seen = 0;
    for (const file of files) {
      for (const { line, match } of matchesIn(file, DESIGN_CITATION)) {
        seen++;
        const heading = collapse(match[1] ?? '');
        if (!headings.has(heading)) missing.push({ where: `${file.path}:${line}`, text: `no heading "${heading}" in design.md` });
      }
    }
    assert.ok(seen > 20, `only ${seen} design.md heading citations found: is the scan broken?`);
    assert.deepEqual(missing, [], report('design.md citations of headings that do not exist', missing));
  });

  it('every conventions.md habit cited is one of its numbered habits', () => {
    const missing: Citation[] = [];
    for (const file of files) {
      for (const { line, match } of matchesIn(file, HABIT_CITATION)) {
        const habit = match[1] ?? '';
        if (!habits.has(habit)) missing.push({ where: `${file.path}:${line}`, text: `conventions.md habit ${habit}: no such habit` });
      }
    }
    assert.deepEqual(missing, [], report('conventions.md citations of habits that do not exist', missing));
  });

  it('nothing under src/ refers to documents outside the repository', () => {
    const outside: Citation[] = [];
    for (const file of files.filter((f) => f.path.startsWith('src/'))) {
      file.lines.forEach((text, index) => {
        for (const match of text.matchAll(OUTSIDE_DOCS)) outside.push({ where: `${file.path}:${index + 1}`, text: `refers to \`${match[0]}\`` });
      });
    }
    assert.deepEqual(outside, [], report('references from src/ to documents outside the repository', outside));
  });
});
