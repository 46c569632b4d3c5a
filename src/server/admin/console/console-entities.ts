/**
 * `GET /_iamlab/ui/api/entities`: the lab's identities as the console's Entities page shows them — per
 * account its users (keys, MFA devices, groups), groups, roles (trust, attached and inline policies,
 * boundary, instance profiles, revocation), customer managed policies with their versions, instance profiles;
 * and the EC2 instances with their association, metadata endpoint and the credential sets IMDS serves now.
 * Secrets never leave: key ids only, no secret keys, session tokens or MFA seeds.
 */
import { associationStateAt, instanceStateAt } from '../../../services/ec2/instance-status.js';
import { arnOf } from '../../../services/iam/iam-index.js';
import type { Json } from '../../../store/port.js';
import { accountsRepo } from '../../../store/repos/identity-repo.js';
import type { ConsoleDeps } from './console-deps.js';
import { listRevocations } from './console-sessions.js';

export async function listAccounts(deps: ConsoleDeps): Promise<string[]> {
  return (await deps.store.transaction((tx) => accountsRepo.list(tx))).map((account) => account.id);
}

export async function entities(deps: ConsoleDeps): Promise<Json> {
  const accounts = await listAccounts(deps);
  const revocations = listRevocations(deps.iam, accounts);
  const index = deps.iam.index;
  return {
    defaultAccount: deps.defaultAccount,
    accounts: accounts.map((account) => {
      const groupName = (id: string): string => index.get('group', id)?.name ?? id;
      return {
        id: account,
        users: index
          .all('user', account)
          .sort(byName)
          .map((user) => ({
            name: user.name,
            arn: arnOf(user),
            id: user.id,
            createdMs: user.createdMs,
            accessKeys: index
              .accessKeysOf(account, { type: 'user', userId: user.id })
              .map((key) => ({ accessKeyId: key.accessKeyId, status: key.status, createdMs: key.createdMs })),
            mfaDevices: deps.mfa.devicesOfUser(account, user.name).map((device) => device.serialNumber),
            groups: user.groupIds.map(groupName),
            attached: [...user.attached],
            inline: user.inline.map((p) => ({ name: p.name, text: p.text })),
            boundaryArn: user.boundaryArn,
          })),
        groups: index
          .all('group', account)
          .sort(byName)
          .map((group) => ({
            name: group.name,
            arn: arnOf(group),
            members: index.groupMembers(group).map((user) => user.name),
            attached: [...group.attached],
            inline: group.inline.map((p) => ({ name: p.name, text: p.text })),
          })),
        roles: index
          .all('role', account)
          .sort(byName)
          .map((role) => ({
            name: role.name,
            arn: arnOf(role),
            id: role.id,
            createdMs: role.createdMs,
            maxSessionDuration: role.maxSessionDuration,
            trust: role.trust,
            attached: [...role.attached],
            inline: role.inline.map((p) => ({ name: p.name, text: p.text })),
            boundaryArn: role.boundaryArn,
            instanceProfiles: index.profilesOfRole(role).map((profile) => arnOf(profile)),
            revokedBeforeMs: revocations.find((r) => r.account === account && r.roleName === role.name)?.cutoffMs ?? null,
          })),
        policies: index
          .all('policy', account)
          .sort(byName)
          .map((policy) => ({
            name: policy.name,
            arn: arnOf(policy),
            defaultVersionId: policy.defaultVersionId,
            versions: policy.versions.map((v) => ({ versionId: v.versionId, createdMs: v.createdMs, text: v.text })),
          })),
        instanceProfiles: index
          .all('instance-profile', account)
          .sort(byName)
          .map((profile) => ({
            name: profile.name,
            arn: arnOf(profile),
            roles: profile.roleIds.map((id) => index.get('role', id)?.name ?? id),
          })),
      };
    }),
    instances: instances(deps),
  };
}

function instances(deps: ConsoleDeps): Json[] {
  const nowMs = deps.clock.now();
  return deps.ec2.allInstances().map((instance) => {
    const association = deps.ec2.currentAssociation(instance.id, nowMs);
    const credentials = deps.imds.keeper.state(instance.id);
    return {
      instanceId: instance.id,
      account: instance.account,
      region: instance.region,
      state: instanceStateAt(instance, nowMs, deps.ec2.timing),
      imdsEndpoint: deps.imds.endpointOf(instance.id) ?? null,
      httpTokens: instance.metadataOptions.httpTokens,
      association:
        association === undefined
          ? null
          : { id: association.id, profileArn: association.profileArn, state: associationStateAt(association, nowMs, deps.ec2.timing) },
      credentials:
        credentials === undefined
          ? null
          : {
              status: credentials.status.kind,
              lastCheckMs: credentials.lastCheckMs,
              sets: Object.entries(credentials.sets).map(([delivery, set]) => ({
                delivery,
                accessKeyId: set.accessKeyId,
                roleName: set.roleName,
                issuedMs: set.issuedMs,
                expiresMs: set.expiresMs,
              })),
            },
    };
  });
}

function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
