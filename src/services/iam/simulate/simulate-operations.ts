/**
 * The policy simulator's operations (IAM API reference): SimulatePrincipalPolicy and SimulateCustomPolicy
 * answered by the real evaluator, and GetContextKeysFor{Principal,Custom}Policy. The principal forms act on
 * the policy source (`iam:SimulatePrincipalPolicy` / `iam:GetContextKeysForPrincipalPolicy` on its ARN), the
 * custom forms on `*` (Service Authorization Reference for IAM: no resource type).
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { Operation } from '../../operation.js';
import type { IamState } from '../iam-state.js';
import { paginate } from '../paginate.js';
import { contextKeysOf } from './context-keys.js';
import { checkPolicySourceArn, policySource } from './policy-source.js';
import type { SimulationLayout } from './simulate.js';
import { simulate } from './simulate.js';
import { simulateErrors } from './simulate-errors.js';
import type { CommonInput, PolicyBase } from './simulation-request.js';
import { simulationRequest } from './simulation-request.js';
import type { SimulationPolicy } from './simulation-policies.js';
import { inputPolicies } from './simulation-policies.js';

interface SimulateOptions {
  /** One EvaluationResult per action (AWS today, the default) or per action × resource (AWS before) [U]. */
  readonly layout?: SimulationLayout;
}

/** Results are numbered; the marker carries the number of the next one (zero-padded, so keys sort). */
const indexKey = (i: number): string => String(i).padStart(10, '0');

function respond(state: IamState, input: CommonInput, base: PolicyBase, layout: SimulationLayout): Iam.SimulatePolicyResponse {
  const results = simulate(simulationRequest(state, input, base, layout));
  const numbered = results.map((result, i) => ({ key: indexKey(i), result }));
  const page = paginate(numbered, (n) => n.key, input.Marker, input.MaxItems);
  return { EvaluationResults: page.items.map((n) => n.result), ...page.info };
}

/** A boundary passed in the request replaces the entity's own; only one may be given (API reference). */
function boundaryInput(texts: readonly string[] | undefined): SimulationPolicy | undefined {
  const boundaries = inputPolicies(texts, 'PermissionsBoundaryPolicyInputList', 'boundary');
  if (boundaries.length > 1) throw simulateErrors.oneBoundary();
  return boundaries[0];
}

export function simulateOperations(options: SimulateOptions = {}): Operation[] {
  const layout = options.layout ?? 'per-action';

  const simulatePrincipalPolicy = defineOperation<Iam.SimulatePrincipalPolicyRequest, Iam.SimulatePolicyResponse>({
    name: 'SimulatePrincipalPolicy',
    authorization: { kind: 'policy', action: 'iam:SimulatePrincipalPolicy', resources: (input) => [input.PolicySourceArn] },
    validate: checkPolicySourceArn,
    handle: async (input, ctx) => {
      const source = policySource(ctx.iam, input.PolicySourceArn);
      const extra = inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity');
      const boundary = boundaryInput(input.PermissionsBoundaryPolicyInputList) ?? source.boundary;
      const base = {
        identity: [...source.identity, ...extra],
        boundary,
        principal: source.principal,
        account: source.account,
        organizationsDetail: true,
      };
      return respond(ctx.iam, input, base, layout);
    },
  });

  const simulateCustomPolicy = defineOperation<Iam.SimulateCustomPolicyRequest, Iam.SimulatePolicyResponse>({
    name: 'SimulateCustomPolicy',
    authorization: { kind: 'policy', action: 'iam:SimulateCustomPolicy', resources: () => ['*'] },
    handle: async (input, ctx) => {
      const identity = inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity');
      const boundary = boundaryInput(input.PermissionsBoundaryPolicyInputList);
      const base = { identity, boundary, principal: undefined, account: ctx.account, organizationsDetail: false };
      return respond(ctx.iam, input, base, layout);
    },
  });

  const getContextKeysForPrincipalPolicy = defineOperation<Iam.GetContextKeysForPrincipalPolicyRequest, Iam.GetContextKeysForPolicyResponse>({
    name: 'GetContextKeysForPrincipalPolicy',
    authorization: { kind: 'policy', action: 'iam:GetContextKeysForPrincipalPolicy', resources: (input) => [input.PolicySourceArn] },
    validate: checkPolicySourceArn,
    handle: async (input, ctx) => {
      const source = policySource(ctx.iam, input.PolicySourceArn);
      const policies = [
        ...source.identity,
        ...(source.boundary === undefined ? [] : [source.boundary]),
        ...inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity'),
      ];
      return { ContextKeyNames: contextKeysOf(policies.map((p) => p.document)) };
    },
  });

  const getContextKeysForCustomPolicy = defineOperation<Iam.GetContextKeysForCustomPolicyRequest, Iam.GetContextKeysForPolicyResponse>({
    name: 'GetContextKeysForCustomPolicy',
    authorization: { kind: 'policy', action: 'iam:GetContextKeysForCustomPolicy', resources: () => ['*'] },
    handle: async (input) => {
      const policies = inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity');
      return { ContextKeyNames: contextKeysOf(policies.map((p) => p.document)) };
    },
  });

  return [simulatePrincipalPolicy, simulateCustomPolicy, getContextKeysForPrincipalPolicy, getContextKeysForCustomPolicy];
}
