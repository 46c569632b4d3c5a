/**
 * Compiled match patterns for actions, resources, String*Like and Arn* values (aws-behaviour.md §7.2, §7.3)
 * with policy variables (§7.5). A pattern is compiled once into tokens; matching walks the tokens with the
 * classic single-star backtracking algorithm, so it needs no regular expression and allocates nothing.
 */
import type { RequestContext } from '../context/request-context.js';
import { singleValue } from '../context/request-context.js';

const LIT = 0;
const STAR = 1;
const ONE = 2;
const VAR = 3;

type Token =
  | { readonly t: typeof LIT; readonly text: string }
  | { readonly t: typeof STAR }
  | { readonly t: typeof ONE }
  | { readonly t: typeof VAR; readonly key: string; readonly fallback: string | undefined };

/** `exact`, `any`, `prefix` are fast paths; `tokens` is the general form (wildcards inside, or variables). */
export type Pattern =
  | { readonly kind: 'exact'; readonly text: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'prefix'; readonly text: string }
  | { readonly kind: 'tokens'; readonly tokens: readonly Token[] };

interface PatternOptions {
  /** `*` and `?` are wildcards (Action, Resource, *Like, Arn*); otherwise literal (StringEquals). */
  readonly wildcards: boolean;
  /** `${…}` is a policy variable (Version 2012-10-17 only, §7.2). */
  readonly variables: boolean;
  /** Literal text is lower-cased; the caller lower-cases the subject (actions, IgnoreCase operators). */
  readonly ignoreCase: boolean;
}

const VARIABLE = /^\s*([^,}\s]+)\s*(?:,\s*'([^']*)'\s*)?$/;

/** `${*}`, `${?}`, `${$}` are escapes for the literal characters (§7.5). */
function variableToken(body: string, ignoreCase: boolean): Token {
  if (body === '*' || body === '?' || body === '$') return { t: LIT, text: body };
  const m = VARIABLE.exec(body);
  if (m === null) return { t: LIT, text: ignoreCase ? `\${${body}}`.toLowerCase() : `\${${body}}` };
  const fallback = m[2];
  return { t: VAR, key: (m[1] ?? '').toLowerCase(), fallback: ignoreCase && fallback !== undefined ? fallback.toLowerCase() : fallback };
}

function tokenize(text: string, options: PatternOptions): Token[] {
  const tokens: Token[] = [];
  let lit = '';
  const flush = (): void => {
    if (lit !== '') tokens.push({ t: LIT, text: options.ignoreCase ? lit.toLowerCase() : lit });
    lit = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (options.variables && ch === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end > 0) {
        const token = variableToken(text.slice(i + 2, end), options.ignoreCase);
        if (token.t === LIT) lit += token.text;
        else {
          flush();
          tokens.push(token);
        }
        i = end;
        continue;
      }
    }
    if (options.wildcards && (ch === '*' || ch === '?')) {
      flush();
      tokens.push(ch === '*' ? { t: STAR } : { t: ONE });
      continue;
    }
    lit += ch;
  }
  flush();
  return tokens;
}

export function compilePattern(text: string, options: PatternOptions): Pattern {
  const tokens = tokenize(text, options);
  const [first, second] = tokens;
  if (tokens.length === 0) return { kind: 'exact', text: '' };
  if (tokens.length === 1 && first?.t === LIT) return { kind: 'exact', text: first.text };
  if (tokens.length === 1 && first?.t === STAR) return { kind: 'any' };
  if (tokens.length === 2 && first?.t === LIT && second?.t === STAR) return { kind: 'prefix', text: first.text };
  return { kind: 'tokens', tokens };
}

/** True when the pattern uses policy variables (so its meaning depends on the request). */
export function patternHasVariables(pattern: Pattern): boolean {
  return pattern.kind === 'tokens' && pattern.tokens.some((token) => token.t === VAR);
}

/** The literal text of a variable-free, wildcard-free pattern, else undefined. */
export function patternLiteral(pattern: Pattern): string | undefined {
  return pattern.kind === 'exact' ? pattern.text : undefined;
}

function resolve(token: Token & { t: typeof VAR }, context: RequestContext, ignoreCase: boolean): string | undefined {
  const value = singleValue(context, token.key);
  if (value === undefined) return token.fallback;
  return ignoreCase ? value.toLowerCase() : value;
}

/**
 * Matches `subject` (already lower-cased when the pattern ignores case). A variable whose key is missing and
 * has no default makes the entry not match (§7.5); substituted values are literal text, never wildcards.
 */
export function matchPattern(pattern: Pattern, subject: string, context: RequestContext, ignoreCase = false): boolean {
  switch (pattern.kind) {
    case 'exact':
      return subject === pattern.text;
    case 'any':
      return true;
    case 'prefix':
      return subject.startsWith(pattern.text);
    case 'tokens':
      return matchTokens(pattern.tokens, subject, context, ignoreCase);
  }
}

function matchTokens(tokens: readonly Token[], subject: string, context: RequestContext, ignoreCase: boolean): boolean {
  let ti = 0;
  let si = 0;
  let starTi = -1;
  let starSi = 0;
  for (;;) {
    const token = tokens[ti];
    if (token !== undefined) {
      if (token.t === STAR) {
        if (ti === tokens.length - 1) return true;
        starTi = ti;
        starSi = si;
        ti++;
        continue;
      }
      if (token.t === ONE) {
        if (si < subject.length) {
          si++;
          ti++;
          continue;
        }
      } else {
        const text = token.t === LIT ? token.text : resolve(token, context, ignoreCase);
        if (text === undefined) return false;
        if (subject.startsWith(text, si)) {
          si += text.length;
          ti++;
          continue;
        }
      }
    } else if (si === subject.length) {
      return true;
    }
    if (starTi < 0 || starSi >= subject.length) return false;
    starSi++;
    si = starSi;
    ti = starTi + 1;
  }
}

/** Resolves a pattern to plain text (StringEquals with variables); undefined when a variable is missing. */
export function expandPattern(pattern: Pattern, context: RequestContext, ignoreCase = false): string | undefined {
  switch (pattern.kind) {
    case 'exact':
      return pattern.text;
    case 'any':
      return '*';
    case 'prefix':
      return `${pattern.text}*`;
    case 'tokens': {
      let out = '';
      for (const token of pattern.tokens) {
        if (token.t === LIT) out += token.text;
        else if (token.t === STAR) out += '*';
        else if (token.t === ONE) out += '?';
        else {
          const value = resolve(token, context, ignoreCase);
          if (value === undefined) return undefined;
          out += value;
        }
      }
      return out;
    }
  }
}
