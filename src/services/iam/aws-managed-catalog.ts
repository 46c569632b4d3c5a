/**
 * AWS managed policies (`arn:aws:iam::aws:policy/…`, aws-behaviour.md §2.2) from `data/aws-managed-policies.json`
 * (1,515 documents as collected by moto; see data/SOURCES.md). The file is 4 MB, so it is read and parsed
 * only on first use, never at start (design.md "Performance budget": cold start under 300 ms). Reading is
 * synchronous so that the authorizer can resolve an attached AWS policy without an await on its hot path.
 */
import { AWS_MANAGED_POLICY_PREFIX } from '../../arn/arn.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dataFilePath } from './data-file.js';

export interface AwsManagedPolicy {
  readonly arn: string;
  readonly name: string;
  readonly path: string;
  /** `ANPA…`, derived from the ARN (the data has none), so it is stable across starts. */
  readonly id: string;
  readonly defaultVersionId: string;
  readonly createdMs: number;
  readonly updatedMs: number;
  /** The default version's document as JSON text. */
  readonly text: string;
}

interface RawPolicy {
  readonly arn: string;
  readonly path: string;
  readonly default_version_id: string;
  readonly create_date: string;
  readonly update_date: string;
  readonly document: unknown;
}

type CatalogSource = () => string;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function derivedId(arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let out = 'ANPA';
  for (let i = 0; i < 17; i += 1) out += BASE32[(digest[i] ?? 0) % 32];
  return out;
}

export const fileCatalogSource =
  (path: string = dataFilePath('aws-managed-policies.json')): CatalogSource =>
  () =>
    readFileSync(path, 'utf8');

export class AwsManagedCatalog {
  readonly #source: CatalogSource;
  #byArn: Map<string, AwsManagedPolicy> | undefined;
  #sorted: AwsManagedPolicy[] | undefined;

  constructor(source: CatalogSource = fileCatalogSource()) {
    this.#source = source;
  }

  get loaded(): boolean {
    return this.#byArn !== undefined;
  }

  get(arn: string): AwsManagedPolicy | undefined {
    if (!arn.startsWith(AWS_MANAGED_POLICY_PREFIX)) return undefined;
    return this.#load().get(arn);
  }

  /** Every AWS managed policy, ordered by name. */
  list(): readonly AwsManagedPolicy[] {
    if (this.#sorted === undefined) {
      this.#sorted = [...this.#load().values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    return this.#sorted;
  }

  #load(): Map<string, AwsManagedPolicy> {
    if (this.#byArn !== undefined) return this.#byArn;
    const raw = JSON.parse(this.#source()) as Record<string, RawPolicy>;
    const byArn = new Map<string, AwsManagedPolicy>();
    for (const [name, policy] of Object.entries(raw)) {
      const text = JSON.stringify(policy.document, null, 4);
      byArn.set(policy.arn, {
        arn: policy.arn,
        name,
        path: policy.path,
        id: derivedId(policy.arn),
        defaultVersionId: policy.default_version_id,
        createdMs: Date.parse(policy.create_date),
        updatedMs: Date.parse(policy.update_date),
        text,
      });
    }
    this.#byArn = byArn;
    return byArn;
  }
}
