/**
 * SetSecurityTokenServicePreferences (aws-iam-s3-more.md §A3.7): the choice of global-endpoint tokens shows in
 * GetAccountSummary's GlobalEndpointTokenVersion, survives a restart, and a value outside the enum is Coral's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetAccountSummaryCommand, SetSecurityTokenServicePreferencesCommand } from '@aws-sdk/client-iam';
import type { GlobalEndpointTokenVersion } from '@aws-sdk/client-iam';
import { failure, startIamLab } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

describe('SetSecurityTokenServicePreferences', () => {
  let l: IamLab;
  before(async () => {
    l = await startIamLab({ keepData: true });
  });
  after(async () => l.dispose());

  const version = async (lab: IamLab): Promise<number | undefined> =>
    (await lab.iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.['GlobalEndpointTokenVersion'];

  it('GetAccountSummary shows version 1 until v2 tokens are asked for, then 2, across a restart', async () => {
    assert.equal(await version(l), 1);
    await l.iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v2Token' }));
    assert.equal(await version(l), 2);
    const dataDir = l.dataDir;
    await l.dispose();
    l = await startIamLab({ dataDir, keepData: true });
    assert.equal(await version(l), 2);
    await l.iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v1Token' }));
    assert.equal(await version(l), 1);
  });

  it('refuses a version outside the enum with Coral’s ValidationError', async () => {
    const refused = await failure(() =>
      l.iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v3Token' as GlobalEndpointTokenVersion })),
    );
    assert.equal(refused.code, 'ValidationError');
    // IAM's Coral texts name neither the value nor the set (aws-behaviour.md §10.7).
    assert.equal(
      refused.message,
      "1 validation error detected: Value at 'globalEndpointTokenVersion' failed to satisfy constraint: Member must satisfy enum value set",
    );
  });
});
