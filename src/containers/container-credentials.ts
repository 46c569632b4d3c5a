/**
 * Container credentials in the lab (aws-behaviour.md §4.7; design.md "IMDS" for the model it follows): ECS
 * tasks and EKS Pod Identity associations as lab objects, and the two agents that hand their containers the
 * role's credentials on the lab's own port. Every request to an agent is one audit event: who asked (the
 * service principal that assumed the role), the trust decision with its explanation when the role was
 * assumed (or refused) during the request, the session handed out, and the answer.
 */
import type { LabSync } from '../store/lab-sync.js';
import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { Clock } from '../clock/clock.js';
import type { IdSource } from '../ids/id-source.js';
import { headerValue } from '../lib/headers.js';
import { uuidV4 } from '../lib/uuid.js';
import { decidedBy, explanationJson } from '../services/authorizer/policy-authorizer.js';
import type { IamState } from '../services/iam/iam-state.js';
import type { SessionIssuer } from '../services/identity/session-issuer.js';
import type { Json, Store } from '../store/port.js';
import type { AgentAnswer, AgentOutcome, AgentRequest } from './agent-answer.js';
import { ECS_SERVICE, POD_IDENTITY_SERVICE } from './assume-request.js';
import type { ContainerConfig } from './container-config.js';
import { DEFAULT_CONTAINER_CONFIG } from './container-config.js';
import { ContainerDirectory } from './container-directory.js';
import type { PodInput, TaskInput } from './container-input.js';
import { checkName, checkRole } from './container-input.js';
import { ContainerKeeper } from './container-keeper.js';
import type { ContainerCredentialSet, ContainerKind, ContainerRecord, PodRecord, TaskRecord } from './container-records.js';
import { ECS_AGENT_PREFIX, handleEcsAgent } from './ecs-agent.js';
import { handlePodIdentityAgent, POD_IDENTITY_AGENT_PREFIX } from './pod-identity-agent.js';
import { mintPodToken } from './pod-token.js';

interface ContainerCredentialsDeps {
  readonly store: Store;
  readonly iam: IamState;
  readonly clock: Clock;
  readonly issuer: SessionIssuer;
  readonly ids: IdSource;
  readonly audit: AuditRecorder;
  readonly config?: Partial<ContainerConfig>;
  /** The node's link to the other nodes of the lab, when the store is shared. */
  readonly sync?: LabSync;
}

type Created<T extends ContainerRecord> =
  { readonly kind: 'ok'; readonly record: T } | { readonly kind: 'invalid'; readonly status: 400 | 404; readonly message: string };

/** ECS's default cluster; Kubernetes' default namespace and service account. */
const DEFAULT_ECS_CLUSTER = 'default';
const DEFAULT_EKS_CLUSTER = 'iamlab';
const DEFAULT_NAMESPACE = 'default';
const DEFAULT_SERVICE_ACCOUNT = 'default';

const under = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);

export class ContainerCredentials {
  readonly #deps: ContainerCredentialsDeps;
  readonly #directory: ContainerDirectory;
  readonly #keeper: ContainerKeeper;

  private constructor(deps: ContainerCredentialsDeps, directory: ContainerDirectory) {
    this.#deps = deps;
    this.#directory = directory;
    this.#keeper = new ContainerKeeper({
      iam: deps.iam,
      issuer: deps.issuer,
      config: { ...DEFAULT_CONTAINER_CONFIG, ...deps.config },
      random: (bytes) => this.#random(bytes),
      save: (record) => directory.save(record),
    });
  }

  static async load(deps: ContainerCredentialsDeps): Promise<ContainerCredentials> {
    return new ContainerCredentials(deps, await ContainerDirectory.load(deps.store, deps.sync));
  }

  /** Reads the tasks and pods again (lab reset, store recovery). */
  reload(): Promise<void> {
    return this.#directory.reload();
  }

  list(kind: ContainerKind): ContainerRecord[] {
    return this.#directory.list(kind);
  }

  get(kind: ContainerKind, id: string): ContainerRecord | undefined {
    return this.#directory.get(kind, id);
  }

  /** Deletes a task or pod: its agent stops answering for it at once (sessions handed out stay valid). */
  delete(kind: ContainerKind, id: string): Promise<boolean> {
    return this.#directory.delete(kind, id);
  }

  /** A task: a 32-hex task id, a credentials id and a random authorization token. */
  async createTask(input: TaskInput): Promise<Created<TaskRecord>> {
    const role = checkRole(this.#deps.iam, input.roleArn, input.region);
    if (role.kind !== 'ok') return role;
    const cluster = input.cluster ?? DEFAULT_ECS_CLUSTER;
    const bad = checkName('cluster name', cluster, 'ecs-cluster');
    if (bad !== undefined) return { kind: 'invalid', status: 400, message: bad };
    const record: TaskRecord = {
      kind: 'ecs-task',
      id: this.#deps.ids.hex(32),
      account: role.value.account,
      region: role.value.region,
      roleArn: input.roleArn,
      token: this.#random(32).toString('base64url'),
      createdMs: this.#deps.clock.now(),
      cluster,
      credentialsId: uuidV4(this.#random(16)),
    };
    await this.#directory.add(record);
    return { kind: 'ok', record };
  }

  /** A Pod Identity association (`a-` + 17 characters) with its pod and the pod's service-account token. */
  async createPod(input: PodInput): Promise<Created<PodRecord>> {
    const role = checkRole(this.#deps.iam, input.roleArn, input.region);
    if (role.kind !== 'ok') return role;
    const clusterName = input.clusterName ?? DEFAULT_EKS_CLUSTER;
    const namespace = input.namespace ?? DEFAULT_NAMESPACE;
    const serviceAccount = input.serviceAccount ?? DEFAULT_SERVICE_ACCOUNT;
    const podName = input.podName ?? `${serviceAccount.slice(0, 40)}-${this.#deps.ids.hex(10)}`;
    const bad =
      checkName('cluster name', clusterName, 'eks-cluster') ??
      checkName('namespace', namespace, 'dns-label') ??
      checkName('service account', serviceAccount, 'dns-subdomain') ??
      checkName('pod name', podName, 'dns-subdomain');
    if (bad !== undefined) return { kind: 'invalid', status: 400, message: bad };
    const nowMs = this.#deps.clock.now();
    const podUid = uuidV4(this.#random(16));
    const token = mintPodToken(
      {
        region: role.value.region,
        account: role.value.account,
        clusterName,
        namespace,
        serviceAccount,
        serviceAccountUid: uuidV4(this.#random(16)),
        podName,
        podUid,
        jti: uuidV4(this.#random(16)),
        issuedMs: nowMs,
      },
      this.#random(256),
    );
    const record: PodRecord = {
      kind: 'eks-pod',
      id: `a-${this.#deps.ids.hex(17)}`,
      account: role.value.account,
      region: role.value.region,
      roleArn: input.roleArn,
      token,
      createdMs: nowMs,
      clusterName,
      namespace,
      serviceAccount,
      podName,
      podUid,
    };
    await this.#directory.add(record);
    return { kind: 'ok', record };
  }

  /** Whether a request target is one of the agents' (`/_iamlab/ecs-agent…`, `/_iamlab/eks-pod-identity-agent…`). */
  handles(target: string): boolean {
    return under(target, ECS_AGENT_PREFIX) || under(target, POD_IDENTITY_AGENT_PREFIX);
  }

  /** One request to an agent: its answer, and its audit event. */
  async answer(req: AgentRequest): Promise<AgentAnswer> {
    const { clock, ids } = this.#deps;
    const wallMs = clock.wallNow();
    const nowMs = clock.toVirtual(wallMs);
    const requestId = ids.requestId(wallMs);
    const toWall = (ms: number): number => clock.toWall(ms);
    const ecs = under(req.target, ECS_AGENT_PREFIX);
    const deps = { directory: this.#directory, keeper: this.#keeper, nowMs, toWall };
    const outcome = ecs ? await handleEcsAgent(req, deps) : await handlePodIdentityAgent(req, { ...deps, requestId });
    this.#record(req, outcome, ecs, nowMs, requestId);
    return outcome.answer;
  }

  #record(req: AgentRequest, outcome: AgentOutcome, ecs: boolean, nowMs: number, requestId: string): void {
    const { record, delivery } = outcome;
    const result = delivery === undefined || delivery.kind === 'current' ? undefined : delivery.result;
    this.#deps.audit.record({
      timeMs: nowMs,
      requestId,
      sourceIp: req.remoteAddress,
      userAgent: headerValue(req.headers, 'user-agent') ?? '',
      service: ecs ? 'ecs' : 'eks-auth',
      // The ECS agent's audit log calls a credentials request `GetCredentials`; the Pod Identity Agent calls EKS Auth.
      operation: ecs ? 'GetCredentials' : 'AssumeRoleForPodIdentity',
      action: result?.action ?? null,
      resources: record === undefined ? [] : [record.roleArn],
      principalArn: record === undefined ? null : ecs ? ECS_SERVICE : POD_IDENTITY_SERVICE,
      accessKeyId: null,
      decision: result?.decision ?? null,
      decidedBy: result === undefined ? null : decidedBy(result),
      explanation: result === undefined ? servedText(record, delivery?.kind === 'current' ? delivery.set : undefined) : explanationJson([result]),
      errorCode: outcome.errorCode ?? null,
      errorMessage: outcome.errorMessage ?? null,
      status: outcome.answer.status,
    });
  }

  #random(bytes: number): Buffer {
    return Buffer.from(this.#deps.ids.token(bytes), 'base64');
  }
}

/** For a request that served the held set: which session went out (free text, as `iamlab explain` shows it). */
function servedText(record: ContainerRecord | undefined, set: ContainerCredentialSet | undefined): Json {
  if (record === undefined || set === undefined) return null;
  return { text: `${record.id}: session ${set.sessionName} (${set.accessKeyId}) of role ${set.roleName}` };
}
