/**
 * The request members both simulate operations share, checked and turned into a `SimulationRequest`
 * (IAM API reference, SimulatePrincipalPolicy / SimulateCustomPolicy):
 * - `ActionNames`: single actions, no wildcards ("does not support using wildcards (*) in an action name");
 * - `ResourceArns`: default `*` (all resources);
 * - `CallerArn`: an IAM user's ARN only; it defaults to the policy source when that is a user, and a
 *   `ResourcePolicy` needs one so that its Principal element has something to match;
 * - `ResourceOwner`: `arn:aws:iam::<account>:root`; the owner of resources whose ARN names no account and of
 *   the resource policy, by default the caller's account;
 * - `ResourceHandlingOption`: one of the EC2 scenarios (it only selects which EC2 resources a real
 *   simulation needs; accepted and otherwise unused here).
 */
import { parseArn, userArn } from '../../../arn/arn.js';
import type { RequestPrincipal } from '../../../policy/evaluator.js';
import { principalAccount } from '../../../policy/evaluator.js';
import type { SimulateCustomPolicyRequest } from '../../../protocol/models/iam.js';
import type { IamState } from '../iam-state.js';
import type { SimulationLayout, SimulationRequest } from './simulate.js';
import { simulateErrors } from './simulate-errors.js';
import { simulationContext } from './simulation-context.js';
import type { SimulationPolicy } from './simulation-policies.js';
import { resourceInputPolicy } from './simulation-policies.js';

export type CommonInput = Omit<SimulateCustomPolicyRequest, 'PolicyInputList' | 'PermissionsBoundaryPolicyInputList'>;

export interface PolicyBase {
  readonly identity: readonly SimulationPolicy[];
  readonly boundary: SimulationPolicy | undefined;
  /** The source as caller (a user, or a role as a session); undefined for a group or custom policies. */
  readonly principal: RequestPrincipal | undefined;
  /** The account simulated callers belong to by default. */
  readonly account: string;
  /** Whether results carry `OrganizationsDecisionDetail` (aws-behaviour.md §10.4). */
  readonly organizationsDetail: boolean;
}

const RESOURCE_HANDLING_OPTIONS = new Set([
  'EC2-Classic-InstanceStore',
  'EC2-Classic-EBS',
  'EC2-VPC-InstanceStore',
  'EC2-VPC-InstanceStore-Subnet',
  'EC2-VPC-EBS',
  'EC2-VPC-EBS-Subnet',
]);

/** Stands in for the caller when nobody in particular calls (a group, custom policies, no resource policy). */
const SIMULATED_USER = 'simulated-caller';

function callerPrincipal(state: IamState, arn: string): RequestPrincipal {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.service !== 'iam' || !parsed.resource.startsWith('user/')) throw simulateErrors.invalidCallerArn(arn);
  const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
  // The caller need not exist ("you can simulate resources that don't exist"); a real one keeps its id.
  const user = state.index.byName('user', parsed.account, name);
  return { kind: 'user', account: parsed.account, arn, id: user?.id ?? '', name };
}

function ownerAccount(value: string): string {
  const parsed = parseArn(value);
  if (parsed === undefined || parsed.service !== 'iam' || parsed.resource !== 'root' || !/^\d{12}$/.test(parsed.account)) {
    throw simulateErrors.invalidResourceOwner(value);
  }
  return parsed.account;
}

function checkActions(actions: readonly string[]): void {
  for (const action of actions) if (action.includes('*') || action.includes('?')) throw simulateErrors.wildcardAction(action);
}

export function simulationRequest(state: IamState, input: CommonInput, base: PolicyBase, layout: SimulationLayout): SimulationRequest {
  checkActions(input.ActionNames);
  if (input.ResourceHandlingOption !== undefined && !RESOURCE_HANDLING_OPTIONS.has(input.ResourceHandlingOption)) {
    throw simulateErrors.resourceHandlingOption(input.ResourceHandlingOption);
  }
  const resourcePolicy = resourceInputPolicy(input.ResourcePolicy);
  const caller = input.CallerArn === undefined ? undefined : callerPrincipal(state, input.CallerArn);
  if (resourcePolicy !== undefined && caller === undefined && base.principal?.kind !== 'user') throw simulateErrors.callerRequired();
  const principal: RequestPrincipal = caller ??
    base.principal ?? { kind: 'user', account: base.account, arn: userArn(base.account, '/', SIMULATED_USER), id: '', name: SIMULATED_USER };
  const resources = input.ResourceArns === undefined || input.ResourceArns.length === 0 ? ['*'] : input.ResourceArns;
  return {
    principal,
    identity: base.identity,
    boundary: base.boundary,
    resourcePolicy,
    actions: input.ActionNames,
    resources,
    resourceOwner: input.ResourceOwner === undefined ? (principalAccount(principal) ?? base.account) : ownerAccount(input.ResourceOwner),
    context: simulationContext(input.ContextEntries),
    layout,
    organizationsDetail: base.organizationsDetail,
  };
}
