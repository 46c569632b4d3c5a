/**
 * A tiny test-only normaliser from AWS policy JSON to `PolicyDocument` (the real parser lives in
 * src/policy/parse and is not used here, so the evaluator is tested on its own).
 */
import type { ConditionBlock, PolicyDocument, PrincipalSpec, Statement } from '../../src/policy/types.js';

type Json = unknown;

const list = (v: Json): string[] => (Array.isArray(v) ? v.map(String) : [String(v)]);

function principal(v: Json): PrincipalSpec {
  if (v === '*') return '*';
  const out: Record<string, string[]> = {};
  for (const [k, val] of Object.entries(v as Record<string, Json>)) out[k] = list(val);
  return out;
}

function condition(v: Json): ConditionBlock {
  const out: Record<string, Record<string, string[]>> = {};
  for (const [op, keys] of Object.entries(v as Record<string, Record<string, Json>>)) {
    out[op] = {};
    for (const [k, val] of Object.entries(keys)) out[op][k] = list(val);
  }
  return out;
}

function statement(raw: Record<string, Json>): Statement {
  const s: Record<string, unknown> = { effect: raw['Effect'] };
  if (typeof raw['Sid'] === 'string') s['sid'] = raw['Sid'];
  if (raw['Action'] !== undefined) s['action'] = list(raw['Action']);
  if (raw['NotAction'] !== undefined) s['notAction'] = list(raw['NotAction']);
  if (raw['Resource'] !== undefined) s['resource'] = list(raw['Resource']);
  if (raw['NotResource'] !== undefined) s['notResource'] = list(raw['NotResource']);
  if (raw['Principal'] !== undefined) s['principal'] = principal(raw['Principal']);
  if (raw['NotPrincipal'] !== undefined) s['notPrincipal'] = principal(raw['NotPrincipal']);
  if (raw['Condition'] !== undefined) s['condition'] = condition(raw['Condition']);
  return s as unknown as Statement;
}

export function normalise(raw: Json): PolicyDocument {
  const doc = raw as Record<string, Json>;
  const st = doc['Statement'];
  const statements = (Array.isArray(st) ? st : [st]).map((s) => statement(s as Record<string, Json>));
  return {
    ...(typeof doc['Version'] === 'string' ? { version: doc['Version'] } : {}),
    ...(Array.isArray(st) ? {} : { statementWasObject: true }),
    statements,
  };
}
