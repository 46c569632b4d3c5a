/**
 * The ACL a request asks for — a canned `x-amz-acl`, `x-amz-grant-*` headers, or (PutBucketAcl, PutObjectAcl)
 * an AccessControlPolicy body — checked with the errors recorded from AWS (aws-behaviour.md §9.6: LocalStack's
 * test_s3_bucket_acl_exceptions and test_s3_object_acl_exceptions).
 */
import type { AccessControlPolicy } from '../../../protocol/models/s3.js';
import type { AclGrant, AclGrantee, AclPermission } from '../s3-records.js';
import { s3Errors } from '../s3-errors.js';
import { groupOfUri, isAclPermission } from './acl-grants.js';
import { BUCKET_CANNED_ACLS, OBJECT_CANNED_ACLS } from './canned-acl.js';

/** The ACL members of an operation's input (the generated request types share these names). */
export interface AclInput {
  readonly ACL?: string | undefined;
  readonly GrantFullControl?: string | undefined;
  readonly GrantRead?: string | undefined;
  readonly GrantReadACP?: string | undefined;
  readonly GrantWrite?: string | undefined;
  readonly GrantWriteACP?: string | undefined;
  readonly AccessControlPolicy?: AccessControlPolicy | undefined;
}

export type RequestedAcl =
  | { readonly kind: 'none' }
  | { readonly kind: 'canned'; readonly canned: string }
  | { readonly kind: 'grants'; readonly grants: readonly AclGrant[] };

/** The account whose canonical user id this is, if the lab knows it. */
export type CanonicalIdResolver = (id: string) => string | undefined;

const GRANT_HEADERS: readonly (readonly [keyof AclInput, string, AclPermission])[] = [
  ['GrantFullControl', 'x-amz-grant-full-control', 'FULL_CONTROL'],
  ['GrantRead', 'x-amz-grant-read', 'READ'],
  ['GrantReadACP', 'x-amz-grant-read-acp', 'READ_ACP'],
  ['GrantWrite', 'x-amz-grant-write', 'WRITE'],
  ['GrantWriteACP', 'x-amz-grant-write-acp', 'WRITE_ACP'],
];

/** `id="…"`, `uri="…"` or `emailAddress="…"`, the quotes optional, several separated by commas. */
const GRANT_ITEM = /^\s*([A-Za-z]+)\s*=\s*(?:"([^"]*)"|([^,"]*?))\s*$/;

function headerGrantees(header: string, value: string, resolve: CanonicalIdResolver): AclGrantee[] {
  return value.split(',').map((item): AclGrantee => {
    const match = GRANT_ITEM.exec(item);
    const key = match?.[1];
    const text = match?.[2] ?? match?.[3] ?? '';
    switch (key) {
      case 'id': {
        const account = resolve(text);
        if (account === undefined) throw s3Errors.invalidArgument('Invalid id', 'id', text);
        return { kind: 'account', account };
      }
      case 'uri': {
        const group = groupOfUri(text);
        if (group === undefined) throw s3Errors.invalidArgument('Invalid group uri', 'uri', text);
        return { kind: 'group', group };
      }
      case 'emailAddress':
        // [U] The lab keeps no e-mail addresses; S3's error for one it cannot resolve (S3-API ErrorResponses).
        throw s3Errors.unresolvableGrantByEmailAddress();
      default:
        throw s3Errors.invalidArgument('Argument format not recognized', header, value);
    }
  });
}

function bodyGrantee(grantee: NonNullable<NonNullable<AccessControlPolicy['Grants']>[number]['Grantee']>, resolve: CanonicalIdResolver): AclGrantee {
  switch (grantee.Type) {
    case 'CanonicalUser': {
      if (grantee.ID === undefined) throw s3Errors.malformedAcl();
      const account = resolve(grantee.ID);
      if (account === undefined) throw s3Errors.invalidArgument('Invalid id', 'CanonicalUser/ID', grantee.ID);
      return { kind: 'account', account };
    }
    case 'Group': {
      if (grantee.URI === undefined) throw s3Errors.malformedAcl();
      const group = groupOfUri(grantee.URI);
      if (group === undefined) throw s3Errors.invalidArgument('Invalid group uri', 'Group/URI', grantee.URI);
      return { kind: 'group', group };
    }
    case 'AmazonCustomerByEmail':
      throw s3Errors.unresolvableGrantByEmailAddress();
    default:
      throw s3Errors.malformedAcl();
  }
}

function bodyGrants(policy: AccessControlPolicy, resolve: CanonicalIdResolver): AclGrant[] {
  // The Owner element is mandatory (recorded: put-bucket-acp-acl-1), and so is each grant's permission.
  const ownerId = policy.Owner?.ID;
  if (ownerId === undefined) throw s3Errors.malformedAcl();
  for (const grant of policy.Grants ?? []) if (!isAclPermission(grant.Permission) || grant.Grantee === undefined) throw s3Errors.malformedAcl();
  if (resolve(ownerId) === undefined) throw s3Errors.invalidArgument('Invalid id', 'CanonicalUser/ID', ownerId);
  return (policy.Grants ?? []).map((grant) => ({
    grantee: bodyGrantee(grant.Grantee!, resolve),
    permission: grant.Permission as AclPermission,
  }));
}

/**
 * What the request asks for; `withBody` for PutBucketAcl and PutObjectAcl, which may carry the ACL as XML and
 * must carry an ACL somehow. Throws the AwsError AWS answers.
 */
export function requestedAcl(input: AclInput, target: 'bucket' | 'object', resolve: CanonicalIdResolver, withBody: boolean): RequestedAcl {
  const headers = GRANT_HEADERS.filter(([member]) => typeof input[member] === 'string');
  if (input.ACL !== undefined) {
    const known = target === 'bucket' ? BUCKET_CANNED_ACLS : OBJECT_CANNED_ACLS;
    // Recorded: an unknown canned ACL is InvalidArgument with no <Message> at all.
    if (!known.has(input.ACL)) throw s3Errors.invalidArgument('', 'x-amz-acl', input.ACL);
    if (headers.length > 0) throw s3Errors.invalidRequest('Specifying both Canned ACLs and Header Grants is not allowed');
  }
  const body = withBody ? input.AccessControlPolicy : undefined;
  if (body !== undefined && (input.ACL !== undefined || headers.length > 0)) throw s3Errors.unexpectedContent();
  if (input.ACL !== undefined) return { kind: 'canned', canned: input.ACL };
  if (headers.length > 0) {
    const grants = headers.flatMap(([member, header, permission]) =>
      headerGrantees(header, input[member] as string, resolve).map((grantee) => ({ grantee, permission })),
    );
    return { kind: 'grants', grants };
  }
  if (body !== undefined) return { kind: 'grants', grants: bodyGrants(body, resolve) };
  if (withBody) throw s3Errors.missingSecurityHeader('x-amz-acl');
  return { kind: 'none' };
}
