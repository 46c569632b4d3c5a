/**
 * Where each statement of a policy document sits in the submitted text, for `MatchedStatements`'
 * `StartPosition`/`EndPosition` (IAM API reference, `Statement` and `Position`).
 *
 * AWS reports 1-based lines and the column just *after* the statement's `{` (start) and `}` (end): the AWS
 * CLI's own example answers `StartPosition {Line 1, Column 38}`, `EndPosition {Line 1, Column 167}` for the
 * one-line document `{"Version":"2012-10-17","Statement":{…}}` whose statement braces are characters 37 and
 * 166 (awscli `examples/iam/simulate-custom-policy.rst`). Columns count UTF-16 code units; `\r\n`, `\n` and a
 * lone `\r` each end a line.
 *
 * The scan runs over text that `parsePolicy` has accepted, so it only has to find values, not validate them.
 */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

export interface StatementSpan {
  readonly start: TextPosition;
  readonly end: TextPosition;
}

/** Offsets where each line starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\r' && text[i + 1] === '\n') i++;
    if (ch === '\n' || ch === '\r') starts.push(i + 1);
  }
  return starts;
}

/** The reported position of the brace at `offset`: its line, and the column after it. */
function positionAfter(starts: readonly number[], offset: number): TextPosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 2 };
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  skipWhitespace(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos] ?? '')) this.pos++;
  }

  /** Reads a string token and returns its decoded value. */
  string(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length && this.text[this.pos] !== '"') this.pos += this.text[this.pos] === '\\' ? 2 : 1;
    this.pos++;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  /** Skips any value; returns the offset of its last character. */
  value(): number {
    this.skipWhitespace();
    const ch = this.text[this.pos];
    if (ch === '"') {
      this.string();
      return this.pos - 1;
    }
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      this.pos++;
      for (;;) {
        this.skipWhitespace();
        // The text passed parsePolicy; the length guard only keeps a bug from becoming an endless loop.
        if (this.pos >= this.text.length || this.text[this.pos] === close) break;
        if (ch === '{') {
          this.string();
          this.skipWhitespace();
          this.pos++; // ':'
        }
        this.value();
        this.skipWhitespace();
        if (this.text[this.pos] === ',') this.pos++;
      }
      this.pos++;
      return this.pos - 1;
    }
    while (this.pos < this.text.length && !',}] \t\r\n'.includes(this.text[this.pos] ?? '')) this.pos++;
    return this.pos - 1;
  }
}

/** [offset of `{`, offset of `}`] of every statement object under the document's (last) `Statement` key. */
function statementBraces(text: string): (readonly [number, number])[] {
  const scan = new Scanner(text);
  scan.skipWhitespace();
  if (text[scan.pos] !== '{') return [];
  scan.pos++;
  let found: (readonly [number, number])[] = [];
  for (;;) {
    scan.skipWhitespace();
    if (scan.pos >= text.length || text[scan.pos] === '}') return found;
    const key = scan.string();
    scan.skipWhitespace();
    scan.pos++; // ':'
    scan.skipWhitespace();
    if (key !== 'Statement') {
      scan.value();
    } else if (text[scan.pos] === '[') {
      // Repeated keys: IAM keeps the last one (policy/parse/parse-json.ts), so does this scan.
      found = [];
      scan.pos++;
      for (;;) {
        scan.skipWhitespace();
        if (scan.pos >= text.length || text[scan.pos] === ']') break;
        const start = scan.pos;
        const end = scan.value();
        if (text[start] === '{') found.push([start, end]);
        scan.skipWhitespace();
        if (text[scan.pos] === ',') scan.pos++;
      }
      scan.pos++;
    } else {
      const start = scan.pos;
      const end = scan.value();
      found = text[start] === '{' ? [[start, end]] : [];
    }
    scan.skipWhitespace();
    if (text[scan.pos] === ',') scan.pos++;
  }
}

/** The span of statement `i` is element `i`, in the order `parsePolicy` numbers statements. */
export function statementPositions(text: string): readonly StatementSpan[] {
  const starts = lineStarts(text);
  return statementBraces(text).map(([open, close]) => ({ start: positionAfter(starts, open), end: positionAfter(starts, close) }));
}
