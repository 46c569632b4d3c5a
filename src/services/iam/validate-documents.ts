/**
 * Policy documents as IAM checks them on write: grammar and kind rules (policy/validate), size quotas
 * counted without whitespace, and for trust policies the existence of the users and roles they name
 * (aws-behaviour.md §2.1, §2.2).
 */
import { parseArn } from '../../arn/arn.js';
import type { AwsError } from '../../errors/aws-error.js';
import { checkPolicySize, parsePolicy, policySizeWithoutWhitespace } from '../../policy/validate/index.js';
import type { PolicyIssue } from '../../policy/validate/index.js';
import type { PolicyDocument, PolicyKind, PrincipalSpec } from '../../policy/types.js';
import { iamErrors } from './iam-errors.js';
import type { IamIndex } from './iam-index.js';
import { arnOf } from './iam-index.js';
import type { InlinePolicyRecord } from './records.js';

function issueError(issue: PolicyIssue): AwsError {
  return issue.code === 'LimitExceeded' ? iamErrors.limitExceeded(issue.message) : iamErrors.malformedPolicy(issue.message);
}

/** Parses `text` as `kind`; the first issue (AWS's answer) becomes the error. */
export function validateDocument(text: string, kind: PolicyKind): PolicyDocument {
  const result = parsePolicy(text, kind);
  if (result.kind !== 'ok') {
    const first = result.issues[0];
    throw first === undefined ? iamErrors.malformedPolicy('Syntax errors in policy.') : issueError(first);
  }
  return result.document;
}

/** A managed policy version: at most 6144 characters without whitespace (§2.2). */
export function validateManagedDocument(text: string, limit: number): PolicyDocument {
  const document = validateDocument(text, 'identity');
  const size = checkPolicySize(text, limit, `Cannot exceed quota for PolicySize: ${limit}`);
  if (size !== undefined) throw issueError(size);
  return document;
}

type InlineOwner = 'user' | 'role' | 'group';

/** §2.2: the inline policies of one entity together, whitespace excluded, after replacing a same-named one. */
export function checkInlineAggregate(owner: InlineOwner, ownerName: string, policies: readonly InlinePolicyRecord[], limit: number): void {
  const total = policies.reduce((sum, p) => sum + policySizeWithoutWhitespace(p.text), 0);
  if (total > limit) throw iamErrors.limitExceeded(`Maximum policy size of ${limit} bytes exceeded for ${owner} ${ownerName}`);
}

interface ValidTrust {
  readonly document: PolicyDocument;
  /** [ARN, unique id] of every IAM user and role the policy names. */
  readonly principalIds: readonly (readonly [string, string])[];
}

function awsPrincipals(spec: PrincipalSpec | undefined): readonly string[] {
  return spec === undefined || spec === '*' ? [] : (spec.AWS ?? []);
}

/**
 * A trust policy: kind 'trust' rules, size quota 2048 without whitespace, and every `arn:aws:iam::A:user/…`
 * or `role/…` it names must exist when A is an account of this lab (accounts outside the lab cannot be
 * checked and are taken on trust). A missing one → `Invalid principal in policy: "AWS":"<arn>"` (§2.1).
 */
export function validateTrust(index: IamIndex, text: string, limit: number): ValidTrust {
  const document = validateDocument(text, 'trust');
  const size = checkPolicySize(text, limit, `Cannot exceed quota for ACLSizePerRole: ${limit}`);
  if (size !== undefined) throw issueError(size);
  const principalIds: (readonly [string, string])[] = [];
  for (const statement of document.statements) {
    for (const value of [...awsPrincipals(statement.principal), ...awsPrincipals(statement.notPrincipal)]) {
      const arn = parseArn(value);
      if (arn === undefined || arn.service !== 'iam' || index.account(arn.account) === undefined) continue;
      const kind = arn.resource.startsWith('user/') ? 'user' : arn.resource.startsWith('role/') ? 'role' : undefined;
      if (kind === undefined) continue;
      const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
      const entity = index.byName(kind, arn.account, name);
      if (entity === undefined || arnOf(entity) !== value) {
        throw iamErrors.malformedPolicy(`Invalid principal in policy: "AWS":"${value}"`);
      }
      if (!principalIds.some(([a]) => a === value)) principalIds.push([value, entity.id]);
    }
  }
  return { document, principalIds };
}
