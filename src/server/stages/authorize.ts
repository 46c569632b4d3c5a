/**
 * Step 5, authorize: the restrictions temporary credentials carry whatever their policies say
 * (aws-behaviour.md §1.7), then the operation's own input checks (§10.2), then its declared checks — its action
 * on every resource it names and any extra checks (iam:PassRole…) — decided by the authorizer (the policy engine
 * over the caller's policies), or the operation's own rules (`custom`: AssumeRole). A deny becomes the service's
 * own AccessDenied-family error.
 */
import { assertNever } from '../../lib/assert-never.js';
import { accessDeniedError } from '../../errors/access-denied.js';
import type { AuthorizationRecord, RequestFacts } from '../../services/authorizer/authorizer.js';
import { sessionRestriction } from '../../services/identity/session-restrictions.js';
import type { GatewayDeps } from '../gateway-deps.js';
import { headerValue } from '../../lib/headers.js';
import type { AuthenticatedState, RequestState } from '../request-state.js';
import type { Authorization } from '../../services/operation.js';
import { s3AclContextKeys, s3ContextKeys } from '../s3/index.js';
import { serviceContext } from './service-context.js';

/** Synchronous unless a policy has to be evaluated or an operation decides for itself. */
export function authorize(state: AuthenticatedState, deps: GatewayDeps): void | Promise<void> {
  const { operation, input, principal, service, credential } = state;
  const { authorization } = operation;
  if (authorization.kind === 'federated') return authorizeFederated(state, deps, authorization, input);
  if (principal.type === 'anonymous' || credential === undefined) {
    // Only S3 lets anonymous requests this far, and only a resource-based policy can allow them (§5.6).
    if (authorization.kind === 'policy') return authorizePolicy(state, deps, authorization, input);
    state.error = accessDeniedError(service.name, { principalArn: 'anonymous', action: authorization.action, resource: '*' });
    return;
  }
  const restricted = sessionRestriction(credential, service.name, operation.name);
  if (restricted !== undefined) {
    state.error = restricted;
    return;
  }
  // Validate, then authorise: a malformed parameter is the answer whoever asks (aws-behaviour.md §10.2).
  const invalid = operation.validate?.(input);
  if (invalid !== undefined) {
    state.error = invalid;
    return;
  }
  switch (authorization.kind) {
    case 'never-denied':
      state.authorization = {
        action: authorization.action,
        resources: ['*'],
        decision: 'Allowed',
        decidedBy: 'this action needs no permission',
        explanation: null,
      };
      return;
    case 'in-handler':
      return;
    case 'custom':
      return authorization
        .authorize(input, { principal, credential, context: serviceContext(state, deps), request: requestFacts(state) })
        .then((outcome) => {
          state.authorization = outcome.record;
          if (outcome.error !== undefined) state.error = outcome.error;
          else if (outcome.input !== undefined) state.input = outcome.input;
        });
    case 'policy':
      return authorizePolicy(state, deps, authorization, input);
    default:
      assertNever(authorization, 'authorization');
  }
}

/**
 * An operation without a caller (AssumeRoleWithWebIdentity, AssumeRoleWithSAML): its input checks, then its
 * own decision over what the request presents (aws-federation.md §0.1).
 */
async function authorizeFederated(
  state: AuthenticatedState,
  deps: GatewayDeps,
  authorization: Extract<Authorization<Record<string, unknown>>, { kind: 'federated' }>,
  input: Record<string, unknown>,
): Promise<void> {
  const invalid = state.operation.validate?.(input);
  if (invalid !== undefined) {
    state.error = invalid;
    return;
  }
  const outcome = await authorization.authorize(input, { context: serviceContext(state, deps), request: requestFacts(state) });
  state.authorization = outcome.record;
  if (outcome.error !== undefined) state.error = outcome.error;
  else if (outcome.input !== undefined) state.input = outcome.input;
}

async function authorizePolicy(
  state: AuthenticatedState,
  deps: GatewayDeps,
  authorization: Extract<Authorization<Record<string, unknown>>, { kind: 'policy' }>,
  input: Record<string, unknown>,
): Promise<void> {
  const { principal, service, credential } = state;
  const context = serviceContext(state, deps);
  if (authorization.perItem !== undefined) return authorizeEachItem(state, deps, authorization, authorization.perItem, input);
  const resources = authorization.resources(input, context);
  const keys = authorization.context?.(input, context);
  const checks = [
    ...resources.map((resource) => ({ action: authorization.action, resource, ...(keys === undefined ? {} : { context: keys }) })),
    ...(authorization.also?.(input, context) ?? []),
  ];
  const owner = authorization.owner?.(input, context);
  const outcome = await deps.authorizer.authorize({
    principal,
    credential,
    checks,
    context,
    request: requestFacts(state),
    ...(owner === undefined ? {} : { owner }),
  });
  state.authorization = outcome.record;
  const { denial } = outcome;
  if (outcome.record.decision !== 'Allowed') {
    state.error = accessDeniedError(service.name, {
      principalArn: principal.type === 'anonymous' ? 'anonymous' : principal.arn,
      action: denial?.action ?? authorization.action,
      resource: denial?.resource ?? resources[0] ?? '*',
      ...(denial === undefined ? {} : { suffix: denial.suffix, encodedMessage: denial.encodedMessage }),
    });
  }
}

/**
 * Every item's checks decided on their own: the request goes on, its input marked with the items denied
 * (S3 DeleteObjects, aws-behaviour.md §9.7). The audit trail keeps the first denial, or the last allow.
 */
async function authorizeEachItem(
  state: AuthenticatedState,
  deps: GatewayDeps,
  authorization: Extract<Authorization<Record<string, unknown>>, { kind: 'policy' }>,
  perItem: NonNullable<Extract<Authorization<Record<string, unknown>>, { kind: 'policy' }>['perItem']>,
  input: Record<string, unknown>,
): Promise<void> {
  const context = serviceContext(state, deps);
  const owner = authorization.owner?.(input, context);
  const request = requestFacts(state);
  const denied: number[] = [];
  let record: AuthorizationRecord | undefined;
  for (const [index, checks] of perItem.checks(input, context).entries()) {
    const outcome = await deps.authorizer.authorize({
      principal: state.principal,
      credential: state.credential,
      checks,
      context,
      request,
      ...(owner === undefined ? {} : { owner }),
    });
    if (outcome.record.decision !== 'Allowed') denied.push(index);
    if (record === undefined || record.decision === 'Allowed') record = outcome.record;
  }
  if (record !== undefined) state.authorization = record;
  state.input = perItem.withDenied(input, denied);
}

/** aws:SourceIp is the client's address as IAM sees it: an IPv4-mapped IPv6 address is the IPv4 one. */
export function requestFacts(state: RequestState): RequestFacts {
  const { raw } = state;
  const address = raw.remoteAddress.startsWith('::ffff:') ? raw.remoteAddress.slice('::ffff:'.length) : raw.remoteAddress;
  const userAgent = headerValue(raw.headers, 'user-agent');
  const serviceKeys =
    state.s3 === undefined ? undefined : { ...s3ContextKeys(state.s3.signing), ...s3AclContextKeys((name) => headerValue(raw.headers, name)) };
  return {
    secureTransport: raw.secure,
    ...(address === '' ? {} : { sourceIp: address }),
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(serviceKeys === undefined ? {} : { serviceKeys }),
  };
}
