/**
 * The AWS JSON 1.1 codec CloudTrail is served with (aws-behaviour.md §13.2): the target, the body, the answer and
 * the error envelope, as botocore and the SDKs write and read them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AwsError } from '../../src/errors/aws-error.js';
import { parseJsonRequest } from '../../src/protocol/json/parse-json-request.js';
import { jsonContentType, serializeJsonError } from '../../src/protocol/json/serialize-json-error.js';
import { serializeJsonResponse } from '../../src/protocol/json/serialize-json-response.js';
import { targetOperation, targetsService } from '../../src/protocol/json/json-target.js';
import { cloudtrailModel } from '../../src/protocol/models/cloudtrail.js';

const TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents';

describe('JSON 1.1 requests', () => {
  it('names the operation by the whole target prefix the SDKs send, or by its last part', () => {
    assert.equal(targetOperation(cloudtrailModel, TARGET), 'LookupEvents');
    assert.equal(targetOperation(cloudtrailModel, 'CloudTrail_20131101.LookupEvents'), 'LookupEvents');
    assert.equal(targetOperation(cloudtrailModel, 'CloudTrail_20131101.DescribeTrails'), undefined, 'not in the model');
    assert.equal(targetOperation(cloudtrailModel, 'DynamoDB_20120810.LookupEvents'), undefined);
    assert.equal(targetOperation(cloudtrailModel, 'LookupEvents'), undefined);
    assert.equal(targetsService(cloudtrailModel, 'CloudTrail_20131101.DescribeTrails'), true);
    assert.equal(targetsService(cloudtrailModel, 'DynamoDB_20120810.ListTables'), false);
  });

  it('reads the body by the model: epoch seconds become epoch milliseconds, unknown members are dropped', () => {
    const body = JSON.stringify({
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }],
      StartTime: 1700000000.25,
      MaxResults: 5,
      Unknown: 'x',
    });
    assert.deepEqual(parseJsonRequest(cloudtrailModel, TARGET, body), {
      kind: 'ok',
      operation: 'LookupEvents',
      input: { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }], StartTime: 1700000000250, MaxResults: 5 },
    });
    assert.deepEqual(parseJsonRequest(cloudtrailModel, TARGET, '{}'), { kind: 'ok', operation: 'LookupEvents', input: {} });
  });

  it('answers an unknown target UnknownOperationException and a body that is not a JSON object SerializationException, without messages', () => {
    const codeOf = (target: string | undefined, body: string): [string, string] => {
      const result = parseJsonRequest(cloudtrailModel, target, body);
      assert.equal(result.kind, 'error');
      return result.kind === 'error' ? [result.error.code, result.error.message] : ['', ''];
    };
    assert.deepEqual(codeOf('CloudTrail_20131101.DescribeTrails', '{}'), ['UnknownOperationException', '']);
    assert.deepEqual(codeOf(undefined, '{}'), ['UnknownOperationException', '']);
    assert.deepEqual(codeOf(TARGET, ''), ['SerializationException', '']);
    assert.deepEqual(codeOf(TARGET, '[1]'), ['SerializationException', '']);
    assert.deepEqual(codeOf(TARGET, '{"MaxResults":"5"}'), ['SerializationException', '`MaxResults` must be a whole number']);
    assert.deepEqual(codeOf(TARGET, '{"LookupAttributes":[{"AttributeKey":1}]}'), [
      'SerializationException',
      '`LookupAttributes[0].AttributeKey` must be a string',
    ]);
  });
});

describe('JSON 1.1 answers', () => {
  it('writes times as epoch seconds and leaves absent members out', () => {
    const body = serializeJsonResponse(cloudtrailModel, 'LookupEvents', {
      Events: [{ EventId: 'e', EventTime: 1700000000250, Resources: [], Username: undefined }],
    });
    assert.equal(body, '{"Events":[{"EventId":"e","EventTime":1700000000.25,"Resources":[]}]}');
  });

  it('writes errors as {"__type","message"}, with no message where AWS sends none', () => {
    assert.equal(
      serializeJsonError(new AwsError({ code: 'InvalidTimeRangeException', status: 400, message: 'bad' })),
      '{"__type":"InvalidTimeRangeException","message":"bad"}',
    );
    assert.equal(
      serializeJsonError(new AwsError({ code: 'UnknownOperationException', status: 400, message: '' })),
      '{"__type":"UnknownOperationException"}',
    );
    assert.equal(jsonContentType(cloudtrailModel.metadata.jsonVersion), 'application/x-amz-json-1.1');
  });
});
