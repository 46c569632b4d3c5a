/**
 * The EKS Pod Identity Agent (aws-behaviour.md §4.7; eks-pod-identity-agent
 * pkg/handlers/eks_credential_handler.go, pkg/errors/errors.go [V]) at `/_iamlab/eks-pod-identity-agent/v1/credentials`:
 * the `Authorization` header is the pod's service-account token, checked by the agent itself
 * (pod-token.ts: 400 with its plain-text message), then exchanged with EKS Auth `AssumeRoleForPodIdentity`,
 * whose refusals the agent passes on with EKS Auth's status as `[<request-id>]: (<ErrorCode>): <message>, fault: client`:
 * - a token EKS Auth does not know (not the lab's, or its association deleted): 400 `InvalidTokenException`,
 *   message the model's description of that error [U];
 * - a role EKS cannot assume: 400 `AccessDeniedException` (its status in the EKS Auth model) "Unauthorized
 *   Exception! EKS does not have permissions to assume the associated role." [O: eks-pod-identity-agent#139].
 * Success: 200 `{"AccessKeyId","SecretAccessKey","Token","AccountId","Expiration"}`, `application/json`.
 * The real agent also refuses (403) a request whose `Host` is not 169.254.170.23 or fd00:ec2::23; the lab's
 * agent is reached on the lab's loopback address, so it does not.
 */
import { isoSeconds } from '../lib/encoding.js';
import { headerValue } from '../lib/headers.js';
import { secretsEqual } from '../lib/equal-secrets.js';
import { splitTarget } from '../lib/split-target.js';
import type { AgentOutcome, AgentRequest } from './agent-answer.js';
import { goHttpError, jsonAnswer, NOT_FOUND } from './agent-answer.js';
import type { ContainerDirectory } from './container-directory.js';
import type { ContainerKeeper } from './container-keeper.js';
import { checkPodToken } from './pod-token.js';

export const POD_IDENTITY_AGENT_PREFIX = '/_iamlab/eks-pod-identity-agent';

/** The path a pod's `AWS_CONTAINER_CREDENTIALS_FULL_URI` ends with (the agent serves only this one, §4.7). */
export const POD_CREDENTIALS_PATH = `${POD_IDENTITY_AGENT_PREFIX}/v1/credentials`;

interface PodIdentityAgentDeps {
  readonly directory: ContainerDirectory;
  readonly keeper: ContainerKeeper;
  readonly nowMs: number;
  /** EKS Auth's request id, shown in its refusals. */
  readonly requestId: string;
  toWall(virtualMs: number): number;
}

function eksAuthError(deps: PodIdentityAgentDeps, code: string, message: string): AgentOutcome {
  return { answer: goHttpError(400, `[${deps.requestId}]: (${code}): ${message}, fault: client`), errorCode: code, errorMessage: message };
}

export async function handlePodIdentityAgent(req: AgentRequest, deps: PodIdentityAgentDeps): Promise<AgentOutcome> {
  if (splitTarget(req.target).path !== POD_CREDENTIALS_PATH) return { answer: NOT_FOUND, errorCode: 'NotFound', errorMessage: '404 page not found' };
  const token = headerValue(req.headers, 'authorization') ?? '';
  const check = checkPodToken(token, deps.nowMs);
  if (check.kind === 'refused') return { answer: goHttpError(400, check.message), errorCode: 'RequestValidationError', errorMessage: check.message };
  const unknown = (): AgentOutcome => eksAuthError(deps, 'InvalidTokenException', 'The specified Kubernetes service account token is invalid.');
  const pod = deps.directory.podByToken(token);
  if (pod === undefined || !secretsEqual(token, pod.token)) return unknown();
  return deps.directory.withRecord(pod.id, async (record) => {
    if (record?.kind !== 'eks-pod') return unknown();
    const delivery = await deps.keeper.deliver(record, deps.nowMs);
    if (delivery.kind === 'refused') {
      const refused = eksAuthError(
        deps,
        'AccessDeniedException',
        'Unauthorized Exception! EKS does not have permissions to assume the associated role.',
      );
      return { ...refused, record, delivery };
    }
    const { set } = delivery;
    const body = JSON.stringify({
      AccessKeyId: set.accessKeyId,
      SecretAccessKey: set.secretAccessKey,
      Token: set.sessionToken,
      // The agent parses it from the assumed-role ARN, i.e. the role's account.
      AccountId: record.account,
      // Go RFC3339Nano of a whole-second time: `2026-03-01T13:00:00Z`.
      Expiration: isoSeconds(deps.toWall(set.expiresMs)),
    });
    return { answer: jsonAnswer(200, body), record, delivery };
  });
}
