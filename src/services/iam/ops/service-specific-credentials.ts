/**
 * Service-specific credentials: CreateServiceSpecificCredential, ListServiceSpecificCredentials,
 * UpdateServiceSpecificCredential, ResetServiceSpecificCredential, DeleteServiceSpecificCredential
 * (aws-behaviour.md §12.2; the services and their credentials' forms in service-credential-kinds.ts). Ids
 * `ACCA…`, at most 2 per user and service [V: the model's documentation]. The user is looked up before the
 * service, the service before the quota [R: LS-SNAP test_create_service_specific_credential_invalid_user].
 * An API key past its `ExpirationDate` is listed with the status `Expired`, on the lab's clock [U].
 */
import type * as Iam from '../../../protocol/models/iam.js';
import type { ContextValue } from '../../../policy/evaluator.js';
import { sortableNumber } from '../../../store/repos/collections.js';
import { defineOperation } from '../../operation.js';
import type { ServiceContext } from '../../operation.js';
import { checkSettableStatus, credentialErrors } from '../credential-errors.js';
import { iamErrors } from '../iam-errors.js';
import type { IamIndex } from '../iam-index.js';
import { requireUser, subjectOf } from '../lookup.js';
import { paginate } from '../paginate.js';
import type { ServiceCredentialRecord, UserRecord } from '../records.js';
import { entityArn, keyOwnerArn, listArn } from '../resources.js';
import { credentialFormOf, newCredentialSecret, serviceUserNameFor } from '../service-credential-kinds.js';

const DAY_MS = 86_400_000;

/** Condition keys of these actions [D: Service Authorization Reference for IAM]. */
const SERVICE_NAME_KEY = 'iam:ServiceSpecificCredentialServiceName';
const AGE_DAYS_KEY = 'iam:ServiceSpecificCredentialAgeDays';

const credentialOrder = (credential: ServiceCredentialRecord): string => `${sortableNumber(credential.createdMs)}-${credential.id}`;

function statusAt(credential: ServiceCredentialRecord, nowMs: number): Iam.statusType {
  return credential.expirationMs !== null && nowMs >= credential.expirationMs ? 'Expired' : credential.status;
}

function credentialsOf(index: IamIndex, account: string, userId: string | undefined): ServiceCredentialRecord[] {
  return index
    .all('service-credential', account)
    .filter((c) => userId === undefined || c.userId === userId)
    .sort((a, b) => (credentialOrder(a) < credentialOrder(b) ? -1 : 1));
}

function requireSupported(serviceName: string): NonNullable<ReturnType<typeof credentialFormOf>> {
  const form = credentialFormOf(serviceName);
  if (form === undefined) throw credentialErrors.serviceNotSupported(serviceName);
  return form;
}

/** The credential `id` of the named user, or of the caller without UserName. */
function requireCredential(ctx: ServiceContext, index: IamIndex, userName: string | undefined, id: string): ServiceCredentialRecord {
  const subject = subjectOf(ctx, index, userName);
  const credential = index.get('service-credential', id);
  if (credential === undefined || credential.account !== ctx.account || subject.type !== 'user' || credential.userId !== subject.user.id) {
    throw credentialErrors.noSuchServiceCredential(id);
  }
  return credential;
}

/** The members the credential has whatever the answer (Create, Reset and List add to these). */
function common(index: IamIndex, credential: ServiceCredentialRecord, nowMs: number): Iam.ServiceSpecificCredentialMetadata {
  return {
    UserName: index.get('user', credential.userId)?.name ?? '',
    Status: statusAt(credential, nowMs),
    ...(credential.serviceUserName === null ? {} : { ServiceUserName: credential.serviceUserName }),
    ...(credential.alias === null ? {} : { ServiceCredentialAlias: credential.alias }),
    CreateDate: credential.createdMs,
    ...(credential.expirationMs === null ? {} : { ExpirationDate: credential.expirationMs }),
    ServiceSpecificCredentialId: credential.id,
    ServiceName: credential.serviceName,
  };
}

/** With the secret IAM shows once: the password, or the API key's secret. */
function withSecret(ctx: ServiceContext, index: IamIndex, credential: ServiceCredentialRecord): Iam.ServiceSpecificCredential {
  const form = requireSupported(credential.serviceName);
  const secret = newCredentialSecret(form, credential.alias ?? credential.serviceUserName ?? '', ctx.ids);
  return {
    ...common(index, credential, ctx.nowMs),
    ...(form.kind === 'password' ? { ServicePassword: secret } : { ServiceCredentialSecret: secret }),
  };
}

const createServiceSpecificCredential = defineOperation<Iam.CreateServiceSpecificCredentialRequest, Iam.CreateServiceSpecificCredentialResponse>({
  name: 'CreateServiceSpecificCredential',
  authorization: {
    kind: 'policy',
    action: 'iam:CreateServiceSpecificCredential',
    resources: (input, ctx) => [entityArn(ctx, 'user', input.UserName)],
    context: (input) => ({
      [SERVICE_NAME_KEY]: input.ServiceName,
      ...(input.CredentialAgeDays === undefined ? {} : { [AGE_DAYS_KEY]: String(input.CredentialAgeDays) }),
    }),
  },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const user = requireUser(index, ctx.account, input.UserName);
      const form = requireSupported(input.ServiceName);
      if (input.CredentialAgeDays !== undefined && form.kind !== 'api-key') {
        // [U] the model: "only valid for Bedrock and CloudWatch Logs API keys"; no answer is recorded.
        throw iamErrors.validation('CredentialAgeDays is only supported for Bedrock and CloudWatch Logs API keys.');
      }
      const same = credentialsOf(index, ctx.account, user.id).filter((c) => c.serviceName === input.ServiceName);
      const limit = ctx.iam.quotas.serviceCredentialsPerService;
      if (same.length >= limit) throw iamErrors.quota('ServiceSpecificCredentialsPerUserPerService', limit);
      const name = serviceUserNameFor(user.name, ctx.account, new Set(same.map((c) => c.serviceUserName ?? c.alias ?? '')));
      const id = ctx.ids.uniqueId('ACCA');
      const credential: ServiceCredentialRecord = {
        kind: 'service-credential',
        account: ctx.account,
        id,
        name: id,
        userId: user.id,
        serviceName: input.ServiceName,
        serviceUserName: form.kind === 'password' ? name : null,
        alias: form.kind === 'api-key' ? name : null,
        expirationMs: input.CredentialAgeDays === undefined ? null : ctx.nowMs + input.CredentialAgeDays * DAY_MS,
        status: 'Active',
        createdMs: ctx.nowMs,
      };
      return { writes: [{ op: 'put', record: credential }], result: { ServiceSpecificCredential: withSecret(ctx, index, credential) } };
    }, ctx.requestId),
});

/**
 * `AllUsers` lists every user's credentials: authorized on the account's user ARN prefix, as ListUsers, so that a
 * policy naming only the caller's own user does not allow it [U].
 */
const listServiceSpecificCredentials = defineOperation<Iam.ListServiceSpecificCredentialsRequest, Iam.ListServiceSpecificCredentialsResponse>({
  name: 'ListServiceSpecificCredentials',
  authorization: {
    kind: 'policy',
    action: 'iam:ListServiceSpecificCredentials',
    resources: (input, ctx) => [
      input.AllUsers === true && input.UserName === undefined ? listArn(ctx, 'user', undefined) : keyOwnerArn(ctx, input.UserName),
    ],
  },
  handle: async (input, ctx) => {
    const { index } = ctx.iam;
    const allUsers = input.AllUsers === true;
    if (allUsers && input.UserName !== undefined) {
      // [U] the model: AllUsers "cannot be specified together with UserName"; no answer is recorded.
      throw iamErrors.validation('AllUsers cannot be specified together with UserName.');
    }
    const subject = allUsers ? undefined : subjectOf(ctx, index, input.UserName);
    if (input.ServiceName !== undefined) requireSupported(input.ServiceName);
    const owner: UserRecord | undefined = subject?.type === 'user' ? subject.user : undefined;
    const credentials =
      subject?.type === 'root'
        ? []
        : credentialsOf(index, ctx.account, owner?.id).filter((c) => input.ServiceName === undefined || c.serviceName === input.ServiceName);
    const page = paginate(credentials, credentialOrder, input.Marker, input.MaxItems);
    // IsTruncated only when true: the recorded untruncated answers have none [R: LS-SNAP, March 2025].
    return { ServiceSpecificCredentials: page.items.map((c) => common(index, c, ctx.nowMs)), ...(page.info.IsTruncated ? page.info : {}) };
  },
});

const updateServiceSpecificCredential = defineOperation<Iam.UpdateServiceSpecificCredentialRequest, Record<string, never>>({
  name: 'UpdateServiceSpecificCredential',
  authorization: { kind: 'policy', action: 'iam:UpdateServiceSpecificCredential', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const credential = requireCredential(ctx, index, input.UserName, input.ServiceSpecificCredentialId);
      const invalid = checkSettableStatus(input.Status);
      if (invalid !== undefined) throw invalid;
      const updated: ServiceCredentialRecord = { ...credential, status: input.Status === 'Active' ? 'Active' : 'Inactive' };
      return { writes: [{ op: 'put', record: updated }], result: {} };
    }, ctx.requestId),
});

const serviceNameOf = (ctx: ServiceContext, id: string): Readonly<Record<string, ContextValue>> => {
  const credential = ctx.iam.index.get('service-credential', id);
  return credential === undefined || credential.account !== ctx.account ? {} : { [SERVICE_NAME_KEY]: credential.serviceName };
};

/** A new password (or API key secret); the status stays as it was [R: LS-SNAP, Reset of an Inactive credential]. */
const resetServiceSpecificCredential = defineOperation<Iam.ResetServiceSpecificCredentialRequest, Iam.ResetServiceSpecificCredentialResponse>({
  name: 'ResetServiceSpecificCredential',
  authorization: {
    kind: 'policy',
    action: 'iam:ResetServiceSpecificCredential',
    resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)],
    context: (input, ctx) => serviceNameOf(ctx, input.ServiceSpecificCredentialId),
  },
  handle: async (input, ctx) => {
    const { index } = ctx.iam;
    const credential = requireCredential(ctx, index, input.UserName, input.ServiceSpecificCredentialId);
    return { ServiceSpecificCredential: withSecret(ctx, index, credential) };
  },
});

const deleteServiceSpecificCredential = defineOperation<Iam.DeleteServiceSpecificCredentialRequest, Record<string, never>>({
  name: 'DeleteServiceSpecificCredential',
  authorization: { kind: 'policy', action: 'iam:DeleteServiceSpecificCredential', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const credential = requireCredential(ctx, index, input.UserName, input.ServiceSpecificCredentialId);
      return { writes: [{ op: 'delete', record: credential }], result: {} };
    }, ctx.requestId),
});

export const serviceSpecificCredentialOperations = [
  createServiceSpecificCredential,
  listServiceSpecificCredentials,
  updateServiceSpecificCredential,
  resetServiceSpecificCredential,
  deleteServiceSpecificCredential,
];
