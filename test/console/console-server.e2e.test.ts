/**
 * The console's server side without a browser (design.md "The console"): a fixed manifest of files with
 * their content types, ETags and security headers, and no path that escapes it; the page open to anyone and
 * its data only with the admin token when the lab requires one; the live stream telling of requests, sessions
 * and clock moves as they happen; the playground deciding with the lab's engine; explanations that keep the
 * value each condition was compared with.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IAMClient, PutUserPolicyCommand, CreateUserCommand, CreateAccessKeyCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { handleAdmin } from '../../src/server/admin/admin-api.js';
import type { RawRequest } from '../../src/server/raw-http.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';

const TOKEN = 'a-console-token-of-some-length';

function raw(method: string, rawTarget: string, headers: [string, string][] = [], body = ''): RawRequest {
  return { method, rawTarget, headers, body: Buffer.from(body), bodyTooLarge: false, remoteAddress: '10.0.0.9', secure: false };
}

/** Reads server-sent events until `until` returns true for one of them, or the time runs out. */
async function readEvents(
  response: Response,
  until: (event: { type: string; data: unknown }) => boolean,
  timeoutMs = 5000,
): Promise<{ type: string; data: unknown }[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const seen: { type: string; data: unknown }[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), deadline - Date.now())),
      ]);
      if (chunk === undefined || chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (type === undefined || data === undefined) continue;
        const event = { type, data: JSON.parse(data) as unknown };
        seen.push(event);
        if (until(event)) return seen;
      }
    }
  } finally {
    await reader.cancel();
  }
  return seen;
}

describe('the console on the lab’s port', () => {
  let lab: TestLab;
  const root = (): { accessKeyId: string; secretAccessKey: string } => ({
    accessKeyId: lab.rootAccessKeyId,
    secretAccessKey: lab.rootSecretAccessKey,
  });

  before(async () => {
    lab = await startTestLab();
  });
  after(async () => {
    await lab.dispose();
  });

  it('serves its three files with their types, an ETag and a policy keeping the page to the lab', async () => {
    for (const [path, type] of [
      ['/_iamlab/ui', 'text/html; charset=utf-8'],
      ['/_iamlab/ui/', 'text/html; charset=utf-8'],
      ['/_iamlab/ui/app.js', 'text/javascript; charset=utf-8'],
      ['/_iamlab/ui/app.css', 'text/css; charset=utf-8'],
    ] as const) {
      const response = await fetch(`${lab.endpoint}${path}`);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), type, path);
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      const etag = response.headers.get('etag') ?? '';
      await response.arrayBuffer();
      const again = await fetch(`${lab.endpoint}${path}`, { headers: { 'If-None-Match': etag } });
      assert.equal(again.status, 304, path);
    }
  });

  it('serves nothing outside its manifest: no path becomes a file path', async () => {
    for (const path of [
      '/_iamlab/ui/../../package.json',
      '/_iamlab/ui/%2e%2e/%2e%2e/package.json',
      '/_iamlab/ui/..%2f..%2fpackage.json',
      '/_iamlab/ui/constructor',
      '/_iamlab/ui/app.js/',
      '/_iamlab/ui/tsconfig.json',
      '/_iamlab/ui/main.ts',
    ]) {
      // Straight to the admin API: a client would have taken the dot segments out of the path.
      const response = await handleAdmin(raw('GET', path), lab.parts.admin);
      assert.equal(response.status, 404, path);
    }
  });

  it('off loopback: the page loads without the token, its data needs it', async () => {
    const deps = { ...lab.parts.admin, adminToken: TOKEN };
    const page = await handleAdmin(raw('GET', '/_iamlab/ui/'), deps);
    assert.equal(page.status, 200);
    for (const target of ['/_iamlab/ui/api/overview', '/_iamlab/ui/api/sessions', '/_iamlab/ui/api/entities', '/_iamlab/ui/api/stream']) {
      assert.equal((await handleAdmin(raw('GET', target), deps)).status, 401, target);
      assert.equal((await handleAdmin(raw('GET', target, [['Authorization', 'Bearer wrong-token-wrong-token']]), deps)).status, 401, target);
    }
    const overview = await handleAdmin(raw('GET', '/_iamlab/ui/api/overview', [['Authorization', `Bearer ${TOKEN}`]]), deps);
    assert.equal(overview.status, 200);
    assert.equal((await handleAdmin(raw('POST', '/_iamlab/ui/api/playground', [], '{}'), deps)).status, 401);
  });

  it('streams each request as it is recorded and each clock move (sessions issued: the browser test)', async () => {
    const stream = await fetch(`${lab.endpoint}/_iamlab/ui/api/stream`);
    assert.equal(stream.status, 200);
    assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const sts = new STSClient({ endpoint: lab.endpoint, region: 'us-east-1', credentials: root(), maxAttempts: 1 });
    const answer = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    const moved = await fetch(`${lab.endpoint}/_iamlab/clock`, { method: 'POST', body: JSON.stringify({ action: 'advance', by: '90m' }) });
    assert.equal(moved.status, 200);
    const events = await readEvents(stream, (event) => event.type === 'clock');
    assert.equal(events[0]?.type, 'hello');
    const audit = events.find((e) => e.type === 'audit')?.data as { requestId?: string; action?: string } | undefined;
    assert.equal(audit?.requestId, answer.$metadata.requestId);
    assert.equal(audit?.action, 'sts:GetCallerIdentity');
    const clock = events.find((e) => e.type === 'clock')?.data as { offsetMs: number; moves: { fromMs: number; toMs: number }[] };
    assert.ok(clock.offsetMs >= 90 * 60_000);
    assert.equal(clock.moves.length, 1);
    assert.ok(Math.abs((clock.moves[0]?.toMs ?? 0) - (clock.moves[0]?.fromMs ?? 0) - 90 * 60_000) < 1000);
  });

  it('decides a pasted policy with the lab’s engine and says which statement decided', async () => {
    const ask = (body: unknown): Promise<Response> =>
      fetch(`${lab.endpoint}/_iamlab/ui/api/playground`, { method: 'POST', body: JSON.stringify(body) });
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Sid: 'NoMfaNoAccess', Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
      ],
    });
    const principal = `arn:aws:sts::${lab.accountId}:assumed-role/reader/s1`;
    const denied = (await (await ask({ policy, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal })).json()) as {
      decision: string;
      decidedBy: string;
      explanation: { trace: { sid?: string; conditions: { context?: string[] }[] }[] }[];
    };
    assert.equal(denied.decision, 'ExplicitlyDenied');
    assert.match(denied.decidedBy, /statement 1 \(`NoMfaNoAccess`\)/);
    const traced = denied.explanation[0]?.trace.find((t) => t.sid === 'NoMfaNoAccess');
    assert.deepEqual(traced?.conditions[0]?.context, ['false'], 'the condition keeps the value the request carried');
    const allowed = (await (
      await ask({ policy, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal, context: { 'aws:MultiFactorAuthPresent': 'true' } })
    ).json()) as { decision: string };
    assert.equal(allowed.decision, 'Allowed');
    const broken = await ask({ policy: '{"Statement": 3}', action: 's3:GetObject', resource: '*' });
    assert.equal(broken.status, 400);
  });

  it('explains an audited denial with the documents of the policies it names', async () => {
    const iam = new IAMClient({ endpoint: lab.endpoint, region: 'us-east-1', credentials: root(), maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'dana' }));
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OnlyFromTheOffice',
          Effect: 'Allow',
          Action: 'iam:ListUsers',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
      ],
    });
    await iam.send(new PutUserPolicyCommand({ UserName: 'dana', PolicyName: 'office', PolicyDocument: policy }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'dana' }));
    iam.destroy();
    const dana = new IAMClient({
      endpoint: lab.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' },
      maxAttempts: 1,
    });
    const requestId = await dana.send(new ListUsersCommand({})).then(
      () => assert.fail('dana is not in the office'),
      (error: { $metadata?: { requestId?: string } }) => error.$metadata?.requestId ?? '',
    );
    dana.destroy();
    const response = await fetch(`${lab.endpoint}/_iamlab/ui/api/explain?request-id=${requestId}`);
    assert.equal(response.status, 200);
    const found = (await response.json()) as {
      event: { decision: string; explanation: { trace: { conditions: { key: string; context?: string[] }[] }[] }[] };
      documents: { policy: { name: string }; text: string | null }[];
    };
    assert.equal(found.event.decision, 'ImplicitlyDenied');
    assert.deepEqual(found.event.explanation[0]?.trace[0]?.conditions[0]?.context, ['127.0.0.1']);
    assert.deepEqual(
      found.documents.map((d) => [d.policy.name, d.text]),
      [['office', policy]],
    );
    assert.equal((await fetch(`${lab.endpoint}/_iamlab/ui/api/explain?request-id=nope`)).status, 404);

    // The entities page sees dana, her key and her inline policy; no secret ever leaves.
    const entities = await (await fetch(`${lab.endpoint}/_iamlab/ui/api/entities`)).text();
    assert.doesNotMatch(entities, /secretAccessKey|SecretAccessKey|sessionToken|seed/);
    assert.ok(!entities.includes(AccessKey?.SecretAccessKey ?? '-'));
    const parsed = JSON.parse(entities) as {
      accounts: { id: string; users: { name: string; accessKeys: { accessKeyId: string }[]; inline: { name: string }[] }[] }[];
    };
    const user = parsed.accounts.find((a) => a.id === lab.accountId)?.users.find((u) => u.name === 'dana');
    assert.deepEqual(
      user?.accessKeys.map((k) => k.accessKeyId),
      [AccessKey?.AccessKeyId],
    );
    assert.deepEqual(
      user?.inline.map((p) => p.name),
      ['office'],
    );
  });
});
