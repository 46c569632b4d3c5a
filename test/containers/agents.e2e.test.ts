/**
 * The lab's ECS agent and EKS Pod Identity Agent on the wire (aws-behaviour.md §4.7), and the tasks and
 * associations behind them (admin API): the credential documents, the agents' errors, rotation on the virtual
 * clock, trust policies that do not allow the service, deletion, the audit trail and a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { failure } from '../support/failure.js';
import type { ContainerLab, Credentials } from './container-lab.js';
import { ACCOUNT, startContainerLab, trust, TRUST_ECS, TRUST_PODS } from './container-lab.js';

const HOUR = 3_600_000;
const WHOLE_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

interface EcsDocument {
  readonly RoleArn: string;
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly Token: string;
  readonly Expiration: string;
}

const credentialsOf = (doc: { AccessKeyId: string; SecretAccessKey: string; Token: string }): Credentials => ({
  accessKeyId: doc.AccessKeyId,
  secretAccessKey: doc.SecretAccessKey,
  sessionToken: doc.Token,
});

/** A JWT with these claims and a junk signature (what a hand-made token looks like to the agent). */
const jwt = (claims: object): string =>
  `${Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

let lab: ContainerLab;
let taskRole: string;
let podRole: string;
let ec2Role: string;

before(async () => {
  lab = await startContainerLab();
  taskRole = await lab.role('task-app', TRUST_ECS);
  podRole = await lab.role('pod-app', TRUST_PODS);
  ec2Role = await lab.role('ec2-only', trust('ec2.amazonaws.com', 'sts:AssumeRole'));
});
after(async () => lab?.dispose());

describe('tasks in the admin API', () => {
  it('creates a task with a 32-hex task id, its loopback credentials URI and a random token', async () => {
    const task = await lab.createTask({ roleArn: taskRole, cluster: 'web' });
    assert.match(task.taskId ?? '', /^[0-9a-f]{32}$/);
    assert.equal(task.taskArn, `arn:aws:ecs:us-east-1:${ACCOUNT}:task/web/${task.taskId ?? ''}`);
    assert.match(task.relativeUri, /^\/_iamlab\/ecs-agent\/v2\/credentials\/[0-9a-f-]{36}$/);
    assert.equal(task.credentialsUri, `${lab.endpoint}${task.relativeUri}`);
    assert.match(new URL(task.credentialsUri).hostname, /^127\.0\.0\.1$/);
    assert.ok(task.authorizationToken.length >= 40);
    assert.equal(task.session, null);
    const other = await lab.createTask({ roleArn: taskRole });
    assert.notEqual(other.authorizationToken, task.authorizationToken);
    const listed = (await lab.admin('GET', 'tasks')).json['tasks'] as { taskId: string }[];
    assert.ok(listed.some((t) => t.taskId === task.taskId) && listed.some((t) => t.taskId === other.taskId));
    assert.equal((await lab.admin('GET', `tasks/${task.taskId ?? ''}`)).json['taskId'], task.taskId);
  });

  it('refuses what ECS would not run', async () => {
    assert.deepEqual(await lab.admin('POST', 'tasks', { roleArn: 'app' }), {
      status: 400,
      json: { error: '`app` is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)' },
    });
    assert.deepEqual(await lab.admin('POST', 'tasks', { roleArn: `arn:aws:iam::${ACCOUNT}:role/none` }), {
      status: 404,
      json: { error: `no role \`arn:aws:iam::${ACCOUNT}:role/none\` in the lab` },
    });
    assert.equal((await lab.admin('POST', 'tasks', { roleArn: taskRole, namespace: 'x' })).status, 400);
    assert.equal((await lab.admin('POST', 'tasks', { roleArn: taskRole, cluster: 'a b' })).status, 400);
    assert.equal((await lab.admin('POST', 'tasks', {})).status, 400);
    assert.equal((await lab.admin('GET', 'tasks/0123')).status, 404);
  });

  it('answers ids that are not valid percent-encoding with 404, not 500 (a URIError once escaped the route)', async () => {
    for (const path of ['tasks/%ff', 'tasks/%', 'pod-identity-associations/%ff', 'instances/%E2%82']) {
      for (const method of path.startsWith('instances') ? ['GET'] : ['GET', 'DELETE']) {
        const { status, json } = await lab.admin(method, path);
        assert.equal(status, 404, `${method} ${path}: ${JSON.stringify(json)}`);
        assert.match(json['error'] as string, /^no (task|pod identity association|instance) `%/);
      }
    }
  });
});

describe('the ECS agent', () => {
  it('answers the task role credentials as the agent writes them', async () => {
    const task = await lab.createTask({ roleArn: taskRole });
    const reply = await lab.agent(task.credentialsUri, task.authorizationToken);
    assert.equal(reply.status, 200);
    assert.equal(reply.contentType, 'application/json');
    const doc = JSON.parse(reply.text) as EcsDocument;
    assert.deepEqual(Object.keys(doc), ['RoleArn', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
    assert.equal(doc.RoleArn, taskRole);
    assert.match(doc.AccessKeyId, /^ASIA/);
    assert.match(doc.Expiration, WHOLE_SECONDS);
    // Six hours in the client's frame.
    const lifetime = Date.parse(doc.Expiration) - lab.clock.toWall(lab.clock.now());
    assert.ok(lifetime > 6 * HOUR - 5_000 && lifetime <= 6 * HOUR, String(lifetime));
    const me = await lab.sts(credentialsOf(doc)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/task-app/${task.taskId ?? ''}`);
    // The old path answers too, and the same session keeps being served.
    const v1 = await lab.agent(
      `${lab.endpoint}/_iamlab/ecs-agent/v1/credentials?id=${task.relativeUri.split('/').pop() ?? ''}`,
      task.authorizationToken,
    );
    assert.equal((JSON.parse(v1.text) as EcsDocument).AccessKeyId, doc.AccessKeyId);
  });

  it('answers a wrong, missing or unknown id with the agent JSON errors', async () => {
    const task = await lab.createTask({ roleArn: taskRole });
    const notFound = { code: 'InvalidIdInRequest', message: 'CredentialsV2Request: Credentials not found', HTTPErrorCode: 400 };
    for (const authorization of [undefined, '', 'wrong', `${task.authorizationToken}x`]) {
      const reply = await lab.agent(task.credentialsUri, authorization);
      assert.equal(reply.status, 400);
      assert.equal(reply.contentType, 'application/json');
      assert.deepEqual(JSON.parse(reply.text), notFound);
    }
    const unknown = await lab.agent(`${lab.endpoint}/_iamlab/ecs-agent/v2/credentials/00000000-0000-4000-8000-000000000000`, task.authorizationToken);
    assert.deepEqual([unknown.status, JSON.parse(unknown.text)], [400, notFound]);
    const noId = await lab.agent(`${lab.endpoint}/_iamlab/ecs-agent/v2/credentials/`, task.authorizationToken);
    assert.deepEqual(
      [noId.status, noId.text],
      [400, JSON.stringify({ code: 'NoIdInRequest', message: 'CredentialsV2Request: No Credential ID in the request', HTTPErrorCode: 400 })],
    );
    const v1NoId = await lab.agent(`${lab.endpoint}/_iamlab/ecs-agent/v1/credentials`, task.authorizationToken);
    assert.equal((JSON.parse(v1NoId.text) as { message: string }).message, 'CredentialsV1Request: No Credential ID in the request');
    const elsewhere = await lab.agent(`${lab.endpoint}/_iamlab/ecs-agent/v3/metadata`, task.authorizationToken);
    assert.deepEqual([elsewhere.status, elsewhere.text], [404, '404 page not found\n']);
  });

  it('rotates on the virtual clock: the same session for 3 hours, then a new one; the old one expires at STS', async () => {
    const task = await lab.createTask({ roleArn: taskRole });
    const first = JSON.parse((await lab.agent(task.credentialsUri, task.authorizationToken)).text) as EcsDocument;
    lab.clock.advance(2 * HOUR);
    const still = JSON.parse((await lab.agent(task.credentialsUri, task.authorizationToken)).text) as EcsDocument;
    assert.equal(still.AccessKeyId, first.AccessKeyId);
    // The same instant, written in the client's frame: two hours nearer to its (unmoved) clock (design.md "Time").
    assert.equal(Date.parse(still.Expiration), Date.parse(first.Expiration) - 2 * HOUR);
    lab.clock.advance(5 * HOUR);
    const fresh = JSON.parse((await lab.agent(task.credentialsUri, task.authorizationToken)).text) as EcsDocument;
    assert.notEqual(fresh.AccessKeyId, first.AccessKeyId);
    assert.ok(Date.parse(fresh.Expiration) - lab.clock.toWall(lab.clock.now()) > 5 * HOUR);
    const expired = await failure(() => lab.sts(credentialsOf(first)).send(new GetCallerIdentityCommand({})));
    assert.equal(expired.code, 'ExpiredToken');
    const me = await lab.sts(credentialsOf(fresh)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/task-app/${task.taskId ?? ''}`);
    const shown = (await lab.admin('GET', `tasks/${task.taskId ?? ''}`)).json['session'] as { accessKeyId: string };
    assert.equal(shown.accessKeyId, fresh.AccessKeyId);
  });

  it('refuses a role whose trust policy does not allow ecs-tasks.amazonaws.com, and says why in the audit trail', async () => {
    const task = await lab.createTask({ roleArn: ec2Role });
    const reply = await lab.agent(task.credentialsUri, task.authorizationToken);
    assert.deepEqual(
      [reply.status, JSON.parse(reply.text)],
      [400, { code: 'InvalidIdInRequest', message: 'CredentialsV2Request: Credentials not found', HTTPErrorCode: 400 }],
    );
    const { json } = await lab.admin('GET', 'events?order=newest&limit=1');
    const [event] = json['events'] as Record<string, unknown>[];
    assert.equal(event?.['service'], 'ecs');
    assert.equal(event?.['operation'], 'GetCredentials');
    assert.equal(event?.['principalArn'], 'ecs-tasks.amazonaws.com');
    assert.equal(event?.['action'], 'sts:AssumeRole');
    assert.deepEqual(event?.['resources'], [ec2Role]);
    assert.equal(event?.['decision'], 'ImplicitlyDenied');
    assert.equal(event?.['errorCode'], 'InvalidIdInRequest');
    assert.equal(event?.['status'], 400);
  });

  it('keeps serving the held session while valid when the trust policy changes, then stops', async () => {
    const name = 'task-changing';
    const roleArn = await lab.role(name, TRUST_ECS);
    const task = await lab.createTask({ roleArn });
    const first = JSON.parse((await lab.agent(task.credentialsUri, task.authorizationToken)).text) as EcsDocument;
    await lab.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: trust('ec2.amazonaws.com', 'sts:AssumeRole') }));
    lab.clock.advance(4 * HOUR);
    const kept = await lab.agent(task.credentialsUri, task.authorizationToken);
    assert.equal((JSON.parse(kept.text) as EcsDocument).AccessKeyId, first.AccessKeyId);
    lab.clock.advance(2 * HOUR + 1000);
    assert.equal((await lab.agent(task.credentialsUri, task.authorizationToken)).status, 400);
  });

  it('stops answering for a deleted task', async () => {
    const task = await lab.createTask({ roleArn: taskRole });
    assert.equal((await lab.agent(task.credentialsUri, task.authorizationToken)).status, 200);
    assert.deepEqual(await lab.admin('DELETE', `tasks/${task.taskId ?? ''}`), { status: 200, json: { deleted: task.taskId } });
    const reply = await lab.agent(task.credentialsUri, task.authorizationToken);
    assert.equal(reply.status, 400);
    assert.equal((JSON.parse(reply.text) as { code: string }).code, 'InvalidIdInRequest');
    assert.equal((await lab.admin('GET', `tasks/${task.taskId ?? ''}`)).status, 404);
    assert.equal((await lab.admin('DELETE', `tasks/${task.taskId ?? ''}`)).status, 404);
  });
});

describe('the EKS Pod Identity Agent', () => {
  it('creates an association with its pod and a service-account token', async () => {
    const pod = await lab.createPod({ roleArn: podRole, clusterName: 'prod', namespace: 'shop', serviceAccount: 'cart' });
    assert.match(pod.associationId ?? '', /^a-[0-9a-z]{17}$/);
    assert.equal(pod.relativeUri, '/_iamlab/eks-pod-identity-agent/v1/credentials');
    assert.match(pod.podName ?? '', /^cart-[0-9a-f]{10}$/);
    const [, payload] = pod.authorizationToken.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    assert.deepEqual(claims['aud'], ['pods.eks.amazonaws.com']);
    assert.equal(claims['sub'], 'system:serviceaccount:shop:cart');
    assert.deepEqual((claims['kubernetes.io'] as { pod: unknown }).pod, { name: pod.podName, uid: pod.podUid });
    assert.equal((await lab.admin('POST', 'pod-identity-associations', { roleArn: podRole, namespace: 'Shop' })).status, 400);
  });

  it('answers the pod credentials with a session name per refresh and the six session tags', async () => {
    const pod = await lab.createPod({ roleArn: podRole, clusterName: 'production-cluster', podName: 'checkout-7d9f8c6b5-x2x4k' });
    const reply = await lab.agent(pod.credentialsUri, pod.authorizationToken);
    assert.equal(reply.status, 200);
    assert.equal(reply.contentType, 'application/json');
    const doc = JSON.parse(reply.text) as { AccessKeyId: string; SecretAccessKey: string; Token: string; AccountId: string; Expiration: string };
    assert.deepEqual(Object.keys(doc), ['AccessKeyId', 'SecretAccessKey', 'Token', 'AccountId', 'Expiration']);
    assert.equal(doc.AccountId, ACCOUNT);
    assert.match(doc.Expiration, WHOLE_SECONDS);
    const name = /^arn:aws:sts::\d{12}:assumed-role\/pod-app\/(eks-production-checkout-7-[0-9a-f-]{36})$/;
    const first = (await lab.sts(credentialsOf(doc)).send(new GetCallerIdentityCommand({}))).Arn ?? '';
    assert.match(first, name);
    assert.ok((first.split('/').pop() ?? '').length <= 64);
    lab.clock.advance(3 * HOUR);
    const renewed = JSON.parse((await lab.agent(pod.credentialsUri, pod.authorizationToken)).text) as typeof doc;
    assert.notEqual(renewed.AccessKeyId, doc.AccessKeyId);
    const second = (await lab.sts(credentialsOf(renewed)).send(new GetCallerIdentityCommand({}))).Arn ?? '';
    assert.match(second, name);
    assert.notEqual(second, first, 'a new uuid at each refresh');
  });

  it('passes the session tags to the trust policy', async () => {
    const onlyShop = await lab.role(
      'pod-shop-only',
      trust('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession'], { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'shop' } }),
    );
    const inShop = await lab.createPod({ roleArn: onlyShop, namespace: 'shop' });
    const elsewhere = await lab.createPod({ roleArn: onlyShop, namespace: 'blog' });
    assert.equal((await lab.agent(inShop.credentialsUri, inShop.authorizationToken)).status, 200);
    assert.equal((await lab.agent(elsewhere.credentialsUri, elsewhere.authorizationToken)).status, 400);
  });

  it('refuses a role that does not allow pods.eks.amazonaws.com both sts:AssumeRole and sts:TagSession, as EKS Auth does', async () => {
    const noTags = await lab.role('pod-no-tags', trust('pods.eks.amazonaws.com', 'sts:AssumeRole'));
    for (const roleArn of [noTags, ec2Role]) {
      const pod = await lab.createPod({ roleArn });
      const reply = await lab.agent(pod.credentialsUri, pod.authorizationToken);
      assert.equal(reply.status, 400);
      assert.equal(reply.contentType, 'text/plain; charset=utf-8');
      assert.match(
        reply.text,
        /^\[[0-9a-f-]{36}\]: \(AccessDeniedException\): Unauthorized Exception! EKS does not have permissions to assume the associated role\., fault: client\n$/,
      );
    }
    const { json } = await lab.admin('GET', 'events?order=newest&limit=1');
    const [event] = json['events'] as Record<string, unknown>[];
    assert.deepEqual(
      [event?.['service'], event?.['principalArn'], event?.['decision'], event?.['errorCode']],
      ['eks-auth', 'pods.eks.amazonaws.com', 'ImplicitlyDenied', 'AccessDeniedException'],
    );
  });

  it("answers bad tokens with the agent's plain-text errors and unknown ones with EKS Auth's", async () => {
    const url = `${lab.endpoint}/_iamlab/eks-pod-identity-agent/v1/credentials`;
    const cases: [string | undefined, string][] = [
      [undefined, 'Service account token cannot be empty\n'],
      ['not-a-jwt', 'Service account token cannot be parsed: token is malformed: token contains an invalid number of segments\n'],
      [
        jwt({ sub: 'x', exp: Math.floor(lab.clock.now() / 1000) - 60 }),
        'Service account token failed basic claim validations: token has invalid claims: token is expired\n',
      ],
    ];
    for (const [authorization, text] of cases) {
      const reply = await lab.agent(url, authorization);
      assert.deepEqual([reply.status, reply.contentType, reply.text], [400, 'text/plain; charset=utf-8', text]);
    }
    const unknown = await lab.agent(url, jwt({ sub: 'system:serviceaccount:default:default' }));
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /^\[[0-9a-f-]{36}\]: \(InvalidTokenException\): .+, fault: client\n$/);
    const elsewhere = await lab.agent(`${lab.endpoint}/_iamlab/eks-pod-identity-agent/v1/other`, undefined);
    assert.equal(elsewhere.status, 404);
  });

  it('stops answering for a deleted association', async () => {
    const pod = await lab.createPod({ roleArn: podRole });
    assert.equal((await lab.agent(pod.credentialsUri, pod.authorizationToken)).status, 200);
    assert.equal((await lab.admin('DELETE', `pod-identity-associations/${pod.associationId ?? ''}`)).status, 200);
    const reply = await lab.agent(pod.credentialsUri, pod.authorizationToken);
    assert.equal(reply.status, 400);
    assert.match(reply.text, /\(InvalidTokenException\)/);
  });
});

describe('a lab restart', () => {
  it('keeps tasks and associations and serves the same sessions', async () => {
    const first = await startContainerLab();
    const roleArn = await first.role('kept', TRUST_ECS);
    const task = await first.createTask({ roleArn });
    const before = JSON.parse((await first.agent(task.credentialsUri, task.authorizationToken)).text) as EcsDocument;
    await first.dispose({ keepData: true });
    const again = await startContainerLab({ dataDir: first.dataDir });
    try {
      const uri = `${again.endpoint}${task.relativeUri}`;
      const after = JSON.parse((await again.agent(uri, task.authorizationToken)).text) as EcsDocument;
      assert.equal(after.AccessKeyId, before.AccessKeyId);
      assert.equal((await again.admin('GET', `tasks/${task.taskId ?? ''}`)).status, 200);
    } finally {
      await again.dispose();
    }
  });
});
