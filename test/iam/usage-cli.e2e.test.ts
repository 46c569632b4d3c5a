/**
 * The usage answers as a user types them (aws-behaviour.md §12.3): the AWS CLI's `get-access-key-last-used` after
 * the lab's clock moved, its credential report, and `iamlab report credentials` / `iamlab report last-used`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { main } from '../../src/cli/main.js';
import { awsCli, awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import type { RunResult } from '../support/clients.js';
import { startIamLab } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

const DAY = 86_400_000;

function ok(result: RunResult): string {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stderr}`);
  return result.stdout;
}

async function iamlab(l: IamLab, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { IAMLAB_ENDPOINT: l.lab.endpoint }, { out: (text) => void out.push(text), err: (text) => void err.push(text) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('usage answers from the command line', () => {
  let l: IamLab;
  let key: { accessKeyId: string; secretAccessKey: string };
  before(async () => {
    l = await startIamLab();
    await l.iam.send(new CreateUserCommand({ UserName: 'ci-deployer' }));
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'iam:ListUsers'], Resource: '*' }] };
    await l.iam.send(new PutUserPolicyCommand({ UserName: 'ci-deployer', PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
    const { AccessKey } = await l.iam.send(new CreateAccessKeyCommand({ UserName: 'ci-deployer' }));
    key = { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
  });
  after(async () => {
    await l.dispose();
  });

  it(
    'aws iam get-access-key-last-used shows the use on the virtual clock',
    { skip: awsCliVersion() === false ? SKIP_NO_AWS_CLI : false },
    async () => {
      const never = JSON.parse(ok(await awsCli(l.lab.endpoint, l.root, ['iam', 'get-access-key-last-used', '--access-key-id', key.accessKeyId]))) as {
        UserName: string;
        AccessKeyLastUsed: Record<string, string>;
      };
      assert.deepEqual(never, { UserName: 'ci-deployer', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });

      const usedAt = Date.now();
      ok(await awsCli(l.lab.endpoint, key, ['sts', 'get-caller-identity', '--region', 'eu-north-1']));
      assert.equal(l.lab.clock.advance(10 * DAY).kind, 'ok');
      const used = JSON.parse(ok(await awsCli(l.lab.endpoint, l.root, ['iam', 'get-access-key-last-used', '--access-key-id', key.accessKeyId]))) as {
        AccessKeyLastUsed: { LastUsedDate: string; ServiceName: string; Region: string };
      };
      assert.equal(used.AccessKeyLastUsed.ServiceName, 'sts');
      assert.equal(used.AccessKeyLastUsed.Region, 'eu-north-1');
      // Ten days ago, as the client's clock sees the lab's moved one.
      const shown = Date.parse(used.AccessKeyLastUsed.LastUsedDate);
      assert.ok(Math.abs(shown - (usedAt - 10 * DAY)) < 5_000, `${used.AccessKeyLastUsed.LastUsedDate}`);

      const started = JSON.parse(ok(await awsCli(l.lab.endpoint, l.root, ['iam', 'generate-credential-report']))) as {
        State: string;
        Description: string;
      };
      assert.deepEqual(started, { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' });
      const report = JSON.parse(ok(await awsCli(l.lab.endpoint, l.root, ['iam', 'get-credential-report']))) as {
        Content: string;
        ReportFormat: string;
      };
      assert.equal(report.ReportFormat, 'text/csv');
      // The CLI prints the blob as the base64 text it received.
      const csv = Buffer.from(report.Content, 'base64').toString('utf8').split('\n');
      assert.match(csv[0] ?? '', /^user,arn,user_creation_time,password_enabled,/);
      const row = csv.find((line) => line.startsWith('ci-deployer,'))?.split(',') ?? [];
      assert.deepEqual(row.slice(11, 13), ['eu-north-1', 'sts']);
    },
  );

  it('iamlab report credentials prints a table, --csv the CSV', async () => {
    const table = await iamlab(l, 'report', 'credentials');
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, /^USER\s+CREATED\s+PASSWORD\s+MFA\s+ACCESS KEY 1\s+ACCESS KEY 2$/m);
    assert.match(table.out, /^<root_account>\s.*\sroot\s+no\s+active, /m);
    assert.match(table.out, /^ci-deployer\s.*\snone\s+no\s+active, (never used|used \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(sts eu-north-1\))\s+-$/m);
    const csv = await iamlab(l, 'report', 'credentials', '--csv');
    assert.equal(csv.code, 0);
    assert.equal(csv.out.split('\n')[0]?.split(',').length, 22);
    assert.match(csv.out, /^<root_account>,arn:aws:iam::123456789012:root,/m);
  });

  it('iamlab report last-used names the services and keys of a user, a key, or says what it does not know', async () => {
    await l.client(key).send(new ListUsersCommand({}));
    const byName = await iamlab(l, 'report', 'last-used', 'ci-deployer');
    assert.equal(byName.code, 0, byName.err);
    assert.match(byName.out, /^user ci-deployer \(arn:aws:iam::123456789012:user\/ci-deployer\)$/m);
    assert.match(byName.out, new RegExp(`^  ${key.accessKeyId}\\s+Active\\s+last used `, 'm'));
    assert.match(byName.out, /^ {2}iam\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+us-east-1$/m);
    assert.match(byName.out, /^ {4}ListUsers\s+\d{4}-/m);
    const json = await iamlab(l, 'report', 'last-used', key.accessKeyId, '--json');
    const view = JSON.parse(json.out) as { principal: { type: string; owner: string }; keys: { accessKeyId: string }[] };
    assert.equal(view.principal.type, 'access-key');
    assert.equal(view.principal.owner, 'arn:aws:iam::123456789012:user/ci-deployer');
    const unknown = await iamlab(l, 'report', 'last-used', 'nobody');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no user, role or access key `nobody`/);
    const usage = await iamlab(l, 'report', 'everything');
    assert.equal(usage.code, 2);
  });
});
