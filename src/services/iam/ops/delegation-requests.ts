/**
 * IAM temporary delegation (aws-federation.md §7.3): requests are created only by onboarded AWS partners, and a
 * lab account is neither a partner nor the target of any partner's request. So every request id is unknown
 * (404 `NoSuchEntity`), ListDelegationRequests is empty — its flag is the model's lower-case `isTruncated` — and
 * CreateDelegationRequest is refused. Texts are [U]: no recorded answer exists. Resource `*`: [U] the actions'
 * resource type is not known here.
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { Operation } from '../../operation.js';
import { iamErrors } from '../iam-errors.js';
import { paginate } from '../paginate.js';

/** Operations acting on one request by its id. */
const BY_ID = [
  'GetDelegationRequest',
  'AcceptDelegationRequest',
  'RejectDelegationRequest',
  'AssociateDelegationRequest',
  'UpdateDelegationRequest',
  'SendDelegationToken',
] as const;

const byId = (name: (typeof BY_ID)[number]): Operation =>
  defineOperation<{ readonly DelegationRequestId: string }, never>({
    name,
    authorization: { kind: 'policy', action: `iam:${name}`, resources: () => ['*'] },
    handle: (input) => {
      throw iamErrors.noSuchDelegationRequest(input.DelegationRequestId);
    },
  });

const listDelegationRequests = defineOperation<Iam.ListDelegationRequestsRequest, Iam.ListDelegationRequestsResponse>({
  name: 'ListDelegationRequests',
  authorization: { kind: 'policy', action: 'iam:ListDelegationRequests', resources: () => ['*'] },
  handle: (input) => {
    // No request is ever listed; a marker still has to be one IAM could have given (paginate checks it).
    const page = paginate<never>([], () => '', input.Marker, input.MaxItems);
    return { DelegationRequests: [], isTruncated: page.info.IsTruncated };
  },
});

const createDelegationRequest = defineOperation<Iam.CreateDelegationRequestRequest, never>({
  name: 'CreateDelegationRequest',
  authorization: { kind: 'policy', action: 'iam:CreateDelegationRequest', resources: () => ['*'] },
  handle: () => {
    throw iamErrors.notDelegationPartner();
  },
});

/** `arn:aws:iam::<account>:delegation-request/<id>` (Service Authorization Reference for IAM). */
const DELEGATION_REQUEST_ARN = /^arn:[\w-]+:iam::\d{12}:delegation-request\/(.+)$/;

/**
 * GetHumanReadableSummary summarises a delegation request, "the only supported entity type" (IAM-MODEL); the lab has
 * none, so every request's ARN is unknown (404, as GetDelegationRequest) and any other ARN is refused [U: text].
 */
const getHumanReadableSummary = defineOperation<Iam.GetHumanReadableSummaryRequest, never>({
  name: 'GetHumanReadableSummary',
  authorization: { kind: 'policy', action: 'iam:GetHumanReadableSummary', resources: (input) => [input.EntityArn] },
  validate: (input) =>
    DELEGATION_REQUEST_ARN.test(input.EntityArn)
      ? undefined
      : iamErrors.invalidInput(`entity \`${input.EntityArn}\` is not a delegation request: only delegation requests have a summary`),
  handle: (input) => {
    throw iamErrors.noSuchDelegationRequest(DELEGATION_REQUEST_ARN.exec(input.EntityArn)?.[1] ?? input.EntityArn);
  },
});

export const delegationRequestOperations: Operation[] = [
  ...BY_ID.map(byId),
  listDelegationRequests,
  createDelegationRequest,
  getHumanReadableSummary,
];
