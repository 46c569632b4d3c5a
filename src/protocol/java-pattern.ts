/**
 * The models' `pattern` traits are Java regular expressions, and Coral matches the *whole* value with them
 * (`Pattern.matches`). They become JavaScript `u`-mode RegExps (needed for `\p{L}`), anchored, after
 * dropping the escapes Java tolerates on ordinary punctuation (`\:`, `\@`) that `u` mode rejects.
 * `\uXXXX` takes exactly four hex digits in both languages, so `\u10000-\u10FFFF` means the same odd thing.
 */
const cache = new Map<string, RegExp>();

/** Characters a `u`-mode RegExp allows after a backslash when they stand for themselves. */
const SYNTAX_ESCAPES = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/', '-']);

function javaPattern(pattern: string): RegExp {
  let regex = cache.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(`^(?:${toJavaScriptSource(pattern)})$`, 'u');
    cache.set(pattern, regex);
  }
  return regex;
}

function toJavaScriptSource(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch !== '\\' || i + 1 >= pattern.length) {
      out += ch;
      continue;
    }
    const next = pattern[i + 1]!;
    i++;
    if (/[A-Za-z0-9]/.test(next) || SYNTAX_ESCAPES.has(next)) out += `\\${next}`;
    else out += next;
  }
  return out;
}

export function matchesJavaPattern(pattern: string, value: string): boolean {
  return javaPattern(pattern).test(value);
}
