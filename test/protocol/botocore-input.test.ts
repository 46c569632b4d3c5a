/**
 * botocore's query and ec2 *input* protocol cases: the body botocore serialised from the case's params must
 * parse back, with our parser and a model built from the case's own shapes, to exactly those params.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeForm } from '../../src/protocol/decode-form.js';
import { parseEc2Request, parseQueryRequest } from '../../src/protocol/parse-request.js';
import { caseModel, loadSuites, toInternal } from './botocore-cases.js';

/** Cases exercising features iamlab does not need, with the reason. Every other case must pass. */
const SKIPPED: Readonly<Record<string, string>> = {
  SDKAppliedContentEncoding_awsQuery: 'gzip request compression is a client feature; no body to parse',
  SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsQuery: 'gzip request compression is a client feature',
  SDKAppliedContentEncoding_ec2Query: 'gzip request compression is a client feature; no body to parse',
  SDKAppendsGzipAndIgnoresHttpProvidedEncoding_ec2Query: 'gzip request compression is a client feature',
  QueryProtocolIdempotencyTokenAutoFill: 'the client invents the token; its params are empty but the body is not',
  Ec2ProtocolIdempotencyTokenAutoFill: 'the client invents the token; its params are empty but the body is not',
  QueryEmptyQueryMaps: 'an empty map is not sent at all, so it cannot be told from an absent one',
  Ec2EmptyQueryLists: 'EC2 sends nothing for an empty list, so it cannot be told from an absent one',
};

for (const protocol of ['query', 'ec2'] as const) {
  const suites = loadSuites('input', protocol);
  let run = 0;
  let skipped = 0;
  for (const suite of suites) {
    for (const c of suite.cases) {
      const reason = SKIPPED[c.id];
      if (reason !== undefined) {
        skipped++;
        test(`${protocol} input ${c.id}`, { skip: reason }, () => {});
        continue;
      }
      run++;
      test(`${protocol} input ${c.id} parses back to its params`, () => {
        const model = caseModel(suite, c);
        const form = decodeForm(c.serialized?.body ?? '');
        assert.equal(form.kind, 'ok');
        if (form.kind !== 'ok') return;
        const parsed = protocol === 'ec2' ? parseEc2Request(model, form.params) : parseQueryRequest(model, form.params);
        assert.equal(parsed.kind, 'ok', parsed.kind === 'error' ? parsed.error.message : '');
        if (parsed.kind !== 'ok') return;
        assert.equal(parsed.operation, c.given.name);
        const inputShape = c.given.input?.shape;
        const expected = inputShape === undefined ? {} : toInternal(model, { shape: inputShape }, c.params ?? {});
        assert.deepStrictEqual(parsed.input, expected);
      });
    }
  }
  test(`${protocol} input corpus: counts`, () => {
    console.log(`botocore ${protocol} input cases: ${run} run, ${skipped} skipped`);
    assert.ok(run > 20);
  });
}
