/**
 * The services CreateServiceLinkedRole knows, from `data/service-linked-roles.json` (see data/SOURCES.md): for each
 * service principal, the role's name, the AWS managed policies AWS attaches, and whether the service takes a
 * `CustomSuffix` (aws-iam-s3-more.md §A3.6, recorded from AWS). The file is read on first use, not at start.
 */
import { readFileSync } from 'node:fs';
import { dataFilePath } from '../data-file.js';

export interface LinkedService {
  readonly principal: string;
  readonly roleName: string;
  /** AWS managed policy ARNs (`arn:aws:iam::aws:policy/aws-service-role/…`). */
  readonly policies: readonly string[];
  readonly customSuffix: boolean;
}

interface RawTable {
  readonly services: Readonly<Record<string, { readonly roleName: string; readonly policies: readonly string[]; readonly customSuffix: boolean }>>;
}

let table: ReadonlyMap<string, LinkedService> | undefined;

function load(): ReadonlyMap<string, LinkedService> {
  if (table !== undefined) return table;
  const raw = JSON.parse(readFileSync(dataFilePath('service-linked-roles.json'), 'utf8')) as RawTable;
  table = new Map(Object.entries(raw.services).map(([principal, s]) => [principal, { principal, ...s }]));
  return table;
}

/** Service principals are case-sensitive (IAM API reference, CreateServiceLinkedRole). */
export const linkedService = (principal: string): LinkedService | undefined => load().get(principal);
