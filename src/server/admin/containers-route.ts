/**
 * `/_iamlab/tasks[/<task-id>]` and `/_iamlab/pod-identity-associations[/<association-id>]`: the lab's ECS
 * tasks and EKS Pod Identity associations (aws-behaviour.md §4.7) — POST creates one, GET lists or shows,
 * DELETE removes (its agent stops answering for it). Each comes with the authorization token its containers
 * send and the full URI of its agent on the lab's port (`AWS_CONTAINER_CREDENTIALS_FULL_URI`), written with the
 * host the admin call used, so a caller on loopback gets a loopback URI as the SDKs require (§4.7).
 * Returns undefined for other routes. Times are virtual (the admin API's frame).
 */
import type { ContainerCredentials, ContainerKind, ContainerRecord, PodInput, TaskInput } from '../../containers/index.js';
import { ecsCredentialsPath, POD_CREDENTIALS_PATH, podIdentityAssociationArn, taskArn } from '../../containers/index.js';
import type { Clock } from '../../clock/clock.js';
import { decodeOrKeep } from '../../lib/decode-or-keep.js';
import { headerValue } from '../../lib/headers.js';
import { isoSeconds } from '../../lib/encoding.js';
import { splitTarget } from '../../lib/split-target.js';
import type { Json } from '../../store/port.js';
import type { RawRequest, RawResponse } from '../raw-http.js';
import { jsonResponse } from './json-response.js';
import { jsonObjectBody } from './json-object-body.js';

interface ContainersRouteDeps {
  readonly containers: ContainerCredentials;
  readonly clock: Clock;
}

const ROUTES: readonly { readonly prefix: string; readonly kind: ContainerKind; readonly plural: string }[] = [
  { prefix: '/_iamlab/tasks', kind: 'ecs-task', plural: 'tasks' },
  { prefix: '/_iamlab/pod-identity-associations', kind: 'eks-pod', plural: 'associations' },
];

const TASK_FIELDS = ['roleArn', 'cluster', 'region'] as const;
const POD_FIELDS = ['roleArn', 'clusterName', 'namespace', 'serviceAccount', 'podName', 'region'] as const;

export function containersRoute(raw: RawRequest, deps: ContainersRouteDeps): Promise<RawResponse> | undefined {
  const path = splitTarget(raw.rawTarget).path.replace(/\/+$/, '');
  const route = ROUTES.find((r) => path === r.prefix || path.startsWith(`${r.prefix}/`));
  if (route === undefined) return undefined;
  return answer(raw, path, route, deps);
}

async function answer(raw: RawRequest, path: string, route: (typeof ROUTES)[number], deps: ContainersRouteDeps): Promise<RawResponse> {
  const { containers } = deps;
  const base = `http://${headerValue(raw.headers, 'host') ?? '127.0.0.1'}`;
  const show = (record: ContainerRecord): Json => summary(record, base, deps.clock);
  if (path === route.prefix) {
    if (raw.method === 'GET') return jsonResponse(200, { [route.plural]: containers.list(route.kind).map(show) });
    if (raw.method !== 'POST') return jsonResponse(405, { error: `\`${raw.method} ${path}\` is not supported: use GET or POST` });
    const fields = readFields(raw.body, route.kind === 'ecs-task' ? TASK_FIELDS : POD_FIELDS);
    if (typeof fields === 'string') return jsonResponse(400, { error: fields });
    const created =
      route.kind === 'ecs-task'
        ? await containers.createTask(fields as unknown as TaskInput)
        : await containers.createPod(fields as unknown as PodInput);
    return created.kind === 'ok' ? jsonResponse(201, show(created.record)) : jsonResponse(created.status, { error: created.message });
  }
  const id = decodeOrKeep(path.slice(route.prefix.length + 1));
  switch (raw.method) {
    case 'GET': {
      const record = containers.get(route.kind, id);
      return record === undefined ? jsonResponse(404, { error: `no ${noun(route.kind)} \`${id}\`` }) : jsonResponse(200, show(record));
    }
    case 'DELETE':
      return (await containers.delete(route.kind, id))
        ? jsonResponse(200, { deleted: id })
        : jsonResponse(404, { error: `no ${noun(route.kind)} \`${id}\`` });
    default:
      return jsonResponse(405, { error: `\`${raw.method} ${path}\` is not supported: use GET or DELETE` });
  }
}

const noun = (kind: ContainerKind): string => (kind === 'ecs-task' ? 'task' : 'pod identity association');

/** The JSON body's known string members (`roleArn` required); anything else is refused with its name. */
function readFields(body: Buffer, known: readonly string[]): Record<string, string> | string {
  const value = jsonObjectBody(body, { emptyIsObject: true });
  if (typeof value === 'string') return value;
  const fields: Record<string, string> = {};
  for (const [key, member] of Object.entries(value)) {
    if (!known.includes(key)) return `unknown member \`${key}\`: the body takes ${known.map((k) => `\`${k}\``).join(', ')}`;
    if (typeof member !== 'string' || member === '') return `\`${key}\` must be a non-empty string`;
    fields[key] = member;
  }
  if (fields['roleArn'] === undefined) return 'the body needs `roleArn`, the ARN of the role to deliver';
  return fields;
}

function summary(record: ContainerRecord, base: string, clock: Clock): Json {
  const session =
    record.current === undefined
      ? null
      : {
          accessKeyId: record.current.accessKeyId,
          sessionName: record.current.sessionName,
          issuedAt: isoSeconds(record.current.issuedMs),
          expiration: isoSeconds(record.current.expiresMs),
          expired: record.current.expiresMs <= clock.now(),
        };
  const common = { account: record.account, region: record.region, roleArn: record.roleArn, createdAt: isoSeconds(record.createdMs) };
  switch (record.kind) {
    case 'ecs-task': {
      const relativeUri = ecsCredentialsPath(record.credentialsId);
      return {
        taskId: record.id,
        taskArn: taskArn(record.region, record.account, record.cluster, record.id),
        cluster: record.cluster,
        ...common,
        credentialsId: record.credentialsId,
        relativeUri,
        credentialsUri: `${base}${relativeUri}`,
        authorizationToken: record.token,
        session,
      };
    }
    case 'eks-pod':
      return {
        associationId: record.id,
        associationArn: podIdentityAssociationArn(record.region, record.account, record.clusterName, record.id),
        clusterName: record.clusterName,
        namespace: record.namespace,
        serviceAccount: record.serviceAccount,
        podName: record.podName,
        podUid: record.podUid,
        ...common,
        relativeUri: POD_CREDENTIALS_PATH,
        credentialsUri: `${base}${POD_CREDENTIALS_PATH}`,
        authorizationToken: record.token,
        session,
      };
  }
}
