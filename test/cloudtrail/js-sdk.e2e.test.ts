/**
 * The JS SDK's CloudTrail client against a lab (aws-behaviour.md §13): its paginator pages through LookupEvents,
 * EventTime arrives as a Date, the record parses, and an error code of the model becomes its exception class.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudTrailClient, InvalidMaxResultsException, LookupEventsCommand, paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import type { Event } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startLab } from '../../src/api/index.js';
import type { Lab } from '../../src/api/index.js';

describe('the JS SDK CloudTrail client', () => {
  let lab: Lab;
  let cloudtrail: CloudTrailClient;
  before(async () => {
    lab = await startLab();
    cloudtrail = new CloudTrailClient({ endpoint: lab.endpoint, region: lab.region, credentials: lab.credentials });
  });
  after(() => lab.stop());

  it('pages LookupEvents, reads times as Dates and the record as CloudTrail writes it', async () => {
    const sts = new STSClient({ endpoint: lab.endpoint, region: lab.region, credentials: lab.credentials });
    for (let i = 0; i < 3; i++) await sts.send(new GetCallerIdentityCommand({}));
    const pages: Event[][] = [];
    const lookup = { LookupAttributes: [{ AttributeKey: 'EventName' as const, AttributeValue: 'GetCallerIdentity' }] };
    for await (const page of paginateLookupEvents({ client: cloudtrail, pageSize: 2 }, lookup)) pages.push(page.Events ?? []);
    assert.deepEqual(
      pages.map((events) => events.length),
      [2, 1],
    );
    const [newest] = pages[0] ?? [];
    assert.ok(newest?.EventTime instanceof Date);
    assert.equal(newest.EventSource, 'sts.amazonaws.com');
    const record = JSON.parse(newest.CloudTrailEvent ?? '{}') as { userIdentity: { type: string; arn: string }; eventName: string };
    assert.equal(record.eventName, 'GetCallerIdentity');
    assert.deepEqual([record.userIdentity.type, record.userIdentity.arn], ['Root', `arn:aws:iam::${lab.accountId}:root`]);
  });

  it("turns an error code of the model into the SDK's exception class", async () => {
    await assert.rejects(cloudtrail.send(new LookupEventsCommand({ MaxResults: 99 })), (error: unknown) => {
      assert.ok(error instanceof InvalidMaxResultsException);
      assert.equal(error.$metadata.httpStatusCode, 400);
      return true;
    });
  });
});
