/**
 * The credential report's rows and its CSV (aws-iam-s3-more.md §A1.2 [D: IAM-UG id_credentials_getting-report]):
 * the root account's row (`<root_account>`) first, then every IAM user; 22 columns in AWS's order; `N/A` where
 * a credential does not exist, `not_supported` for what the root has not, `no_information` for a password never
 * used. Rows keep times as virtual instants (`{ ms }`), turned into text when the CSV is written, in the frame
 * the caller chooses (the client's on the wire, design.md "Time").
 */
import { rootArn } from '../../arn/arn.js';
import type { StoredAccessKey } from '../../store/repos/identity-repo.js';
import type { IamIndex } from '../iam/iam-index.js';
import { arnOf } from '../iam/iam-index.js';
import type { UserRecord } from '../iam/records.js';
import type { UsageIndex } from './usage-index.js';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** A cell: literal text, or a virtual instant written as an ISO time. */
export type ReportCell = string | { readonly ms: number };

/** One row, cells in the order of CREDENTIAL_REPORT_COLUMNS. */
export type ReportRow = readonly ReportCell[];

/** Whose credentials: the account's root, or an IAM user. */
export type CredentialOwner = { readonly type: 'root' } | { readonly type: 'user'; readonly user: UserRecord };

/** A console password (login profile) as the report needs it. */
export interface PasswordFacts {
  readonly changedMs: number;
  /** Undefined: never used to sign in (`no_information`). */
  readonly lastUsedMs?: number;
  /** When the account's password policy makes it expire (MaxPasswordAge). */
  readonly nextRotationMs?: number;
}

export interface SigningCertificateFacts {
  readonly active: boolean;
  readonly uploadedMs: number;
}

/**
 * What the report reads beyond IAM's entities and keys. Login profiles, MFA devices and signing certificates
 * live in other parts of the lab: each provides its answer here.
 */
export interface CredentialFacts {
  /** A user's console password; the root's is `not_supported` in the report whatever this says. */
  password(account: string, user: UserRecord): PasswordFacts | undefined;
  mfaActive(account: string, owner: CredentialOwner): boolean;
  signingCertificates(account: string, owner: CredentialOwner): readonly SigningCertificateFacts[];
}

/** No password, no MFA, no signing certificate for anyone: the report's other columns alone (unit tests). */
export const noCredentialFacts: CredentialFacts = {
  password: () => undefined,
  mfaActive: () => false,
  signingCertificates: () => [],
};

/** A service whose keys' region the report does not give (`N/A`): S3 is not regional here (IAM-UG). */
const NON_REGIONAL_IN_REPORT: ReadonlySet<string> = new Set(['s3']);

const bool = (value: boolean): string => (value ? 'true' : 'false');
const at = (ms: number | undefined, otherwise: string): ReportCell => (ms === undefined ? otherwise : { ms });

function keyCells(key: StoredAccessKey | undefined, usage: UsageIndex): ReportCell[] {
  if (key === undefined) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const use = usage.keyUse(key.accessKeyId);
  return [
    bool(key.status === 'Active'),
    { ms: key.createdMs },
    at(use?.lastUsedMs, 'N/A'),
    use === undefined || NON_REGIONAL_IN_REPORT.has(use.service) ? 'N/A' : use.region,
    use?.service ?? 'N/A',
  ];
}

function certCells(certificate: SigningCertificateFacts | undefined): ReportCell[] {
  return certificate === undefined ? ['false', 'N/A'] : [bool(certificate.active), { ms: certificate.uploadedMs }];
}

function ownerRow(index: IamIndex, usage: UsageIndex, facts: CredentialFacts, account: string, owner: CredentialOwner): ReportRow {
  const keys = index.accessKeysOf(account, owner.type === 'root' ? { type: 'root' } : { type: 'user', userId: owner.user.id });
  const certificates = [...facts.signingCertificates(account, owner)].sort((a, b) => a.uploadedMs - b.uploadedMs);
  const credentials = [
    bool(facts.mfaActive(account, owner)),
    ...keyCells(keys[0], usage),
    ...keyCells(keys[1], usage),
    ...certCells(certificates[0]),
    ...certCells(certificates[1]),
  ];
  if (owner.type === 'root') {
    const created = index.account(account)?.createdMs;
    // The root has a password, but the report tells only that its use is unknown here [U].
    return [
      '<root_account>',
      rootArn(account),
      at(created, 'N/A'),
      'not_supported',
      'no_information',
      'not_supported',
      'not_supported',
      ...credentials,
    ];
  }
  const { user } = owner;
  const password = facts.password(account, user);
  const passwordCells: ReportCell[] =
    password === undefined
      ? ['false', 'N/A', 'N/A', 'N/A']
      : ['true', at(password.lastUsedMs, 'no_information'), { ms: password.changedMs }, at(password.nextRotationMs, 'N/A')];
  return [user.name, arnOf(user), { ms: user.createdMs }, ...passwordCells, ...credentials];
}

/** The report of one account as it stands: the root's row, then the users by name. */
export function credentialReportRows(index: IamIndex, usage: UsageIndex, facts: CredentialFacts, account: string): ReportRow[] {
  const users = index.all('user', account).sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id.localeCompare(b.id));
  return [
    ownerRow(index, usage, facts, account, { type: 'root' }),
    ...users.map((user) => ownerRow(index, usage, facts, account, { type: 'user', user })),
  ];
}

/** `2024-01-02T03:04:05+00:00`: whole seconds, an explicit offset (aws-iam-s3-more.md §A1.2 [U: published samples]). */
export function reportTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** A cell as text; `frame` maps a virtual instant to the frame the reader lives in. */
export function cellText(cell: ReportCell, frame: (virtualMs: number) => number): string {
  return typeof cell === 'string' ? cell : reportTime(frame(cell.ms));
}

/** The CSV: the header line, then one line per row; names with a comma are quoted as CSV quotes them. */
export function credentialReportCsv(rows: readonly ReportRow[], frame: (virtualMs: number) => number): string {
  const quote = (text: string): string => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = [CREDENTIAL_REPORT_COLUMNS.join(','), ...rows.map((row) => row.map((cell) => quote(cellText(cell, frame))).join(','))];
  return lines.join('\n');
}
