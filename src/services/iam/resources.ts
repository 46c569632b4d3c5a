/**
 * The resource ARNs operations declare for authorization (aws-behaviour.md §7.8): the entity's ARN with its
 * real path when it exists, `/` otherwise (what AWS names in AccessDenied for an entity it cannot find);
 * list operations name the kind's ARN prefix (`arn:aws:iam::A:user/` for ListUsers, as AWS does).
 */
import { iamArn, rootArn } from '../../arn/arn.js';
import type { ServiceContext } from '../operation.js';
import type { InstanceProfileRef, RoleRef } from './iam-changes.js';
import { arnOf } from './iam-index.js';
import type { IamRecordKind, InstanceProfileRecord, RoleRecord, UserCredentialRecord } from './records.js';

type NamedKind = Exclude<IamRecordKind, 'policy' | UserCredentialRecord['kind']>;

export function entityArn(ctx: ServiceContext, kind: NamedKind, name: string, path?: string): string {
  const existing = ctx.iam.index.byName(kind, ctx.account, name);
  if (existing !== undefined) return arnOf(existing);
  return iamArn(ctx.account, `${kind}${path ?? '/'}${name}`);
}

/** Access-key operations act on a user; without UserName, on the caller (root: the root ARN). */
export function keyOwnerArn(ctx: ServiceContext, userName: string | undefined): string {
  if (userName !== undefined) return entityArn(ctx, 'user', userName);
  const { principal } = ctx;
  return principal.type === 'anonymous' ? rootArn(ctx.account) : principal.arn;
}

export function listArn(ctx: ServiceContext, kind: NamedKind | 'policy', pathPrefix: string | undefined): string {
  return iamArn(ctx.account, `${kind}${pathPrefix ?? '/'}`);
}

export function roleRef(role: RoleRecord): RoleRef {
  return { account: role.account, roleId: role.id, roleName: role.name, roleArn: arnOf(role) };
}

export function profileRef(profile: InstanceProfileRecord): InstanceProfileRef {
  return {
    account: profile.account,
    instanceProfileId: profile.id,
    instanceProfileName: profile.name,
    instanceProfileArn: arnOf(profile),
  };
}
