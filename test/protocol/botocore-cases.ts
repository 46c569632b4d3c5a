/** Test-only: loading botocore protocol test suites and building a ServiceModel per case with the generator's code. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BotocoreModel, BotocoreOperation, BotocoreShape } from '../../codegen/build-service-model.js';
import { buildServiceModel } from '../../codegen/build-service-model.js';
import type { MemberRef, ServiceModel } from '../../src/protocol/model.js';
import { repoRoot } from '../support/repo-root.js';

interface BotocoreCase {
  readonly id: string;
  readonly given: BotocoreOperation;
  readonly params?: Record<string, unknown>;
  readonly serialized?: { readonly body?: string; readonly uri?: string };
  readonly result?: Record<string, unknown>;
  readonly response?: { readonly status_code?: number; readonly body?: string };
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly error?: Record<string, unknown>;
}

interface BotocoreSuite {
  readonly description: string;
  readonly metadata: BotocoreModel['metadata'];
  readonly shapes: Readonly<Record<string, BotocoreShape>>;
  readonly cases: readonly BotocoreCase[];
}

export function loadSuites(direction: 'input' | 'output', protocol: 'query' | 'ec2'): BotocoreSuite[] {
  const path = join(repoRoot(), 'test', 'vectors', 'protocols', direction, `${protocol}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as BotocoreSuite[];
}

export function caseModel(suite: BotocoreSuite, c: BotocoreCase): ServiceModel {
  return buildServiceModel({ metadata: suite.metadata, operations: { [c.given.name]: c.given }, shapes: suite.shapes });
}

/**
 * botocore's expected values → iamlab's representation: timestamps epoch seconds → ms, blobs text → bytes,
 * `"NaN"`/`"Infinity"` → numbers.
 */
export function toInternal(model: ServiceModel, ref: MemberRef, value: unknown): unknown {
  const shape = model.shapes[ref.shape]!;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const member = shape.members[k];
        out[k] = member === undefined ? v : toInternal(model, member, v);
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((v) => toInternal(model, shape.member, v));
    case 'map':
      return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toInternal(model, shape.value, v)]));
    case 'timestamp':
      return Math.round((value as number) * 1000);
    case 'blob':
      return new Uint8Array(Buffer.from(value as string, 'utf8'));
    case 'float':
    case 'double':
      return typeof value === 'string' ? Number(value) : value;
    default:
      return value;
  }
}
