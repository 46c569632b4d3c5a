/**
 * The ECS agent's credentials endpoint (aws-behaviour.md §4.7; amazon-ecs-agent
 * ecs-agent/tmds/handlers/v1/credentials_handler.go [V]) under `/_iamlab/ecs-agent`:
 *   `/v2/credentials/<credentials-id>` (and the old `/v1/credentials?id=<credentials-id>`);
 *   no id → 400 `NoIdInRequest` "<prefix>: No Credential ID in the request";
 *   an id the agent does not hold → 400 `InvalidIdInRequest` "<prefix>: Credentials not found";
 *   found → 200 `{"RoleArn","AccessKeyId","SecretAccessKey","Token","Expiration"}`.
 * Errors are the agent's JSON `{"code","message","HTTPErrorCode"}` (its `ErrorMessage` struct, the last
 * member untagged), with `Content-Type: application/json`.
 * Two choices of the lab's, as the real agent has neither case:
 * - the agent checks no `Authorization` (it trusts the link-local address); the lab's endpoint is on the
 *   lab's port, so the task's token must come with its id, and a missing or wrong one is answered as an
 *   unknown id (nothing tells a guesser whether the id exists);
 * - when ECS cannot assume the task role (trust policy, role deleted), ECS hands the agent no credentials for
 *   the task, so the agent holds none for its id: the same 400 `InvalidIdInRequest`. The audit trail has why.
 */
import { isoSeconds } from '../lib/encoding.js';
import { decodeOrKeep } from '../lib/decode-or-keep.js';
import { headerValue } from '../lib/headers.js';
import { secretsEqual } from '../lib/equal-secrets.js';
import { splitTarget } from '../lib/split-target.js';
import type { AgentOutcome, AgentRequest } from './agent-answer.js';
import { jsonAnswer, NOT_FOUND } from './agent-answer.js';
import type { ContainerDirectory } from './container-directory.js';
import type { ContainerKeeper } from './container-keeper.js';

export const ECS_AGENT_PREFIX = '/_iamlab/ecs-agent';

/** The path a task's `AWS_CONTAINER_CREDENTIALS_FULL_URI` ends with. */
export const ecsCredentialsPath = (credentialsId: string): string => `${ECS_AGENT_PREFIX}/v2/credentials/${credentialsId}`;

interface EcsAgentDeps {
  readonly directory: ContainerDirectory;
  readonly keeper: ContainerKeeper;
  readonly nowMs: number;
  toWall(virtualMs: number): number;
}

function agentError(code: string, message: string, status: number): AgentOutcome {
  return { answer: jsonAnswer(status, JSON.stringify({ code, message, HTTPErrorCode: status })), errorCode: code, errorMessage: message };
}

/** The credentials id and the error prefix of the path, or undefined for a path the agent does not route. */
function credentialsIdOf(target: string): { readonly id: string; readonly prefix: string } | undefined {
  const { path, query } = splitTarget(target);
  const rest = path.slice(ECS_AGENT_PREFIX.length);
  if (rest.startsWith('/v2/credentials/')) return { id: decodeOrKeep(rest.slice('/v2/credentials/'.length)), prefix: 'CredentialsV2Request' };
  if (rest === '/v1/credentials') return { id: new URLSearchParams(query).get('id') ?? '', prefix: 'CredentialsV1Request' };
  return undefined;
}

export async function handleEcsAgent(req: AgentRequest, deps: EcsAgentDeps): Promise<AgentOutcome> {
  const route = credentialsIdOf(req.target);
  if (route === undefined) return { answer: NOT_FOUND, errorCode: 'NotFound', errorMessage: '404 page not found' };
  const { id, prefix } = route;
  if (id === '') return agentError('NoIdInRequest', `${prefix}: No Credential ID in the request`, 400);
  const notFound = (): AgentOutcome => agentError('InvalidIdInRequest', `${prefix}: Credentials not found`, 400);
  const task = deps.directory.taskByCredentialsId(id);
  if (task === undefined || !secretsEqual(headerValue(req.headers, 'authorization') ?? '', task.token)) return notFound();
  return deps.directory.withRecord(task.id, async (record) => {
    if (record?.kind !== 'ecs-task') return notFound();
    const delivery = await deps.keeper.deliver(record, deps.nowMs);
    if (delivery.kind === 'refused') return { ...notFound(), record, delivery };
    const { set } = delivery;
    // The agent echoes the backend's Expiration; the lab writes whole seconds in the client's frame (§4.7).
    const body = JSON.stringify({
      RoleArn: record.roleArn,
      AccessKeyId: set.accessKeyId,
      SecretAccessKey: set.secretAccessKey,
      Token: set.sessionToken,
      Expiration: isoSeconds(deps.toWall(set.expiresMs)),
    });
    return { answer: jsonAnswer(200, body), record, delivery };
  });
}
