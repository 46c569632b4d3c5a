/**
 * botocore's rest-xml protocol cases (test/vectors/protocols/{input,output}/rest-xml.json).
 * Input: the request botocore serialised from the case's params must parse, with our codec and a model
 * built by the generator's code from the case's own shapes, back to exactly those params.
 * Output: our serialiser, given the case's expected result, must write a response that reads back to the
 * same values; the reader (our own request decoder, pointed at the output shape) is first checked against
 * botocore's response, so a reader bug cannot hide a serialiser bug.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AwsError } from '../../src/errors/aws-error.js';
import type { BotocoreModel, BotocoreOperation, BotocoreShape } from '../../codegen/build-service-model.js';
import { buildRestXmlServiceModel } from '../../codegen/build-service-model.js';
import { decodeForm } from '../../src/protocol/decode-form.js';
import type { MemberRef, RestXmlServiceModel } from '../../src/protocol/model.js';
import { decodeRestInput, STREAMING_BODY } from '../../src/protocol/rest-xml/decode-rest-input.js';
import { parseRestXmlRequest } from '../../src/protocol/rest-xml/parse-rest-xml-request.js';
import type { RestResponse } from '../../src/protocol/rest-xml/rest-response.js';
import { serializeRestXmlResponse } from '../../src/protocol/rest-xml/serialize-rest-xml-response.js';
import { serializeS3Error } from '../../src/protocol/rest-xml/serialize-s3-error.js';
import { childNamed, readXml } from '../../src/protocol/rest-xml/xml-reader.js';
import { repoRoot } from '../support/repo-root.js';

interface Case {
  readonly id: string;
  readonly given: BotocoreOperation;
  readonly params?: Record<string, unknown>;
  readonly serialized?: { readonly method: string; readonly uri: string; readonly headers?: Record<string, string>; readonly body?: string };
  readonly result?: Record<string, unknown>;
  readonly response?: { readonly status_code?: number; readonly headers?: Record<string, string>; readonly body?: string };
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly error?: Record<string, unknown>;
}

interface Suite {
  readonly metadata: BotocoreModel['metadata'];
  readonly shapes: Readonly<Record<string, BotocoreShape>>;
  readonly cases: readonly Case[];
}

function loadSuites(direction: 'input' | 'output'): Suite[] {
  return JSON.parse(readFileSync(join(repoRoot(), 'test', 'vectors', 'protocols', direction, 'rest-xml.json'), 'utf8')) as Suite[];
}

function caseModel(suite: Suite, c: Case): RestXmlServiceModel {
  return buildRestXmlServiceModel({ metadata: suite.metadata, operations: { [c.given.name]: c.given }, shapes: suite.shapes });
}

/** botocore's expected values → iamlab's: timestamps s → ms, blobs text → bytes (streaming → the marker). */
function toInternal(model: RestXmlServiceModel, ref: MemberRef, value: unknown): unknown {
  const shape = model.shapes[ref.shape]!;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const member = shape.members[k];
        out[k] = member === undefined ? v : toInternal(model, member, v);
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((v) => toInternal(model, shape.member, v));
    case 'map':
      return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toInternal(model, shape.value, v)]));
    case 'timestamp':
      return Math.round((value as number) * 1000);
    case 'blob':
      if (ref.streaming === true || shape.streaming === true) return STREAMING_BODY;
      return new Uint8Array(Buffer.from(value as string, 'utf8'));
    case 'float':
    case 'double':
      return typeof value === 'string' ? Number(value) : value;
    default:
      return value;
  }
}

/** Cases botocore itself skips (protocol-tests-ignore-list.json), plus ours, each with the reason. */
const SKIPPED_INPUT: Readonly<Record<string, string>> = {
  BodyWithXmlName: 'botocore ignore list: Smithy and botocore disagree on the root element name',
  RestXmlHttpPayloadWithUnion: 'botocore ignore list: union payloads',
  HttpPayloadWithXmlName: 'botocore ignore list: payload root renamed by the target shape',
  HttpPayloadWithXmlNamespace: 'botocore ignore list: namespace on the payload root',
  HttpPayloadWithXmlNamespaceAndPrefix: 'botocore ignore list: prefixed namespace on the payload root',
  XmlAttributesOnPayload: 'botocore ignore list: attributes on the payload root',
  NullAndEmptyHeaders: 'botocore ignore list: client-side null handling, nothing to parse',
  RestXmlQueryPrecedence: 'botocore ignore list: query map vs named parameter precedence',
  SDKAppliedContentEncoding_restXml: 'gzip request compression is a client feature; no body to parse',
  SDKAppendedGzipAfterProvidedEncoding_restXml: 'gzip request compression is a client feature',
  QueryIdempotencyTokenAutoFill: 'the client invents the token; its params are empty but the request is not',
  RestXmlEndpointTraitWithHostLabel: 'host-prefix endpoint traits: the label travels in the host name, not modelled',
  RestXmlEndpointTraitWithHostLabelAndHttpBinding: 'host-prefix endpoint traits: the label travels in the host name',
  RestXmlOmitsNullQuery: 'null params are dropped by the client; nothing is sent to parse back to null',
  RestXmlSerializesEmptyString: 'an empty query value vs an absent one: botocore sends `Query=`; no S3 member needs it',
};

const SKIPPED_OUTPUT: Readonly<Record<string, string>> = {
  InputAndOutputWithTimestampHeaders: 'botocore ignore list: timestamp list headers',
  RestXmlHttpPayloadWithUnsetUnion: 'botocore ignore list: union payloads',
  HttpPayloadTraitsWithNoBlobBody: 'botocore ignore list: empty blob payload vs absent',
  ComplexError: 'botocore ignore list; AwsError carries flat string extras only',
  BodyWithXmlName: 'botocore ignore list: root element name',
  XmlLists: 'botocore ignore list: botocore/Smithy disagree on renamed flattened list members',
  IgnoreQueryParamsInResponse: 'an output member bound to the URI, read from the body; no S3 output has one',
};

function headerPairs(headers: Record<string, string> | undefined): [string, string][] {
  return Object.entries(headers ?? {});
}

let inputRun = 0;
let inputSkipped = 0;
for (const suite of loadSuites('input')) {
  for (const c of suite.cases) {
    const reason = SKIPPED_INPUT[c.id];
    if (reason !== undefined) {
      inputSkipped++;
      test(`rest-xml input ${c.id}`, { skip: reason }, () => {});
      continue;
    }
    inputRun++;
    test(`rest-xml input ${c.id} parses back to its params`, () => {
      const model = caseModel(suite, c);
      const serialized = c.serialized!;
      const [path = '/', queryString = ''] = serialized.uri.split('?', 2);
      const form = decodeForm(queryString);
      assert.equal(form.kind, 'ok');
      if (form.kind !== 'ok') return;
      const parsed = parseRestXmlRequest(model, {
        method: serialized.method,
        path,
        query: form.params,
        headers: headerPairs(serialized.headers),
        body: serialized.body ?? '',
      });
      assert.equal(parsed.kind, 'ok', parsed.kind === 'error' ? `${parsed.error.code}: ${parsed.error.message}` : '');
      if (parsed.kind !== 'ok') return;
      assert.equal(parsed.operation, c.given.name);
      const inputShape = c.given.input?.shape;
      const expected = inputShape === undefined ? {} : toInternal(model, { shape: inputShape }, c.params ?? {});
      assert.deepStrictEqual(parsed.input, expected);
    });
  }
}
test('rest-xml input corpus: counts', () => {
  console.log(`botocore rest-xml input cases: ${inputRun} run, ${inputSkipped} skipped`);
  assert.ok(inputRun > 60);
});

/** Reads a response as botocore would, by pointing our request decoder at the output shape. */
function readResponse(
  model: RestXmlServiceModel,
  operation: string,
  response: { status: number; headers: [string, string][]; body: string },
): Record<string, unknown> {
  const op = model.operations[operation]!;
  const outputShape = op.output!;
  const asInput: RestXmlServiceModel = { ...model, operations: { [operation]: { ...op, input: outputShape } } };
  const decoded = decodeRestInput(asInput, operation, { labels: new Map(), query: [], headers: response.headers, body: response.body });
  assert.equal(decoded.kind, 'ok', decoded.kind === 'error' ? `${decoded.error.code}: ${decoded.error.message}` : '');
  if (decoded.kind !== 'ok') return {};
  const shape = model.shapes[outputShape]!;
  const out = { ...decoded.input };
  if (shape.type === 'structure') {
    for (const [name, ref] of Object.entries(shape.members)) if (ref.location === 'statusCode') out[name] = response.status;
  }
  return out;
}

function bodyText(response: RestResponse): string {
  switch (response.body.kind) {
    case 'empty':
      return '';
    case 'xml':
    case 'text':
      return response.body.text;
    case 'bytes':
      return Buffer.from(response.body.bytes).toString('utf8');
    case 'stream':
      throw new Error('no streaming outputs in the corpus');
  }
}

const options = { requestId: 'req-1', hostId: 'host-1', toWireTime: (ms: number) => ms };
let outputRun = 0;
let outputSkipped = 0;
for (const suite of loadSuites('output')) {
  for (const c of suite.cases) {
    const reason = SKIPPED_OUTPUT[c.id];
    if (reason !== undefined) {
      outputSkipped++;
      test(`rest-xml output ${c.id}`, { skip: reason }, () => {});
      continue;
    }
    outputRun++;
    test(`rest-xml output ${c.id} round-trips through our serialiser`, () => {
      const model = caseModel(suite, c);
      if (c.errorCode !== undefined) {
        const message = c.errorMessage ?? (typeof c.error?.['Message'] === 'string' ? c.error['Message'] : '');
        const error = new AwsError({ code: c.errorCode, message, status: c.response?.status_code ?? 400 });
        const response = serializeS3Error(error, { requestId: 'req-1', hostId: 'host-1', method: 'PUT' });
        const doc = readXml(bodyText(response));
        assert.equal(doc.kind, 'ok');
        if (doc.kind !== 'ok') return;
        assert.equal(childNamed(doc.root, 'Code')?.text, c.errorCode);
        assert.equal(childNamed(doc.root, 'Message')?.text, message);
        assert.equal(response.status, c.response?.status_code ?? 400);
        return;
      }
      const outputShape = c.given.output?.shape;
      const expected = c.result ?? {};
      if (outputShape === undefined) {
        assert.deepStrictEqual(expected, {});
        return;
      }
      const normalise = (v: Record<string, unknown>): unknown => toInternal(model, { shape: outputShape }, v);
      const internal = normalise(expected);
      const theirs = {
        status: c.response?.status_code ?? 200,
        headers: headerPairs(c.response?.headers),
        body: c.response?.body ?? '',
      };
      assert.deepStrictEqual(readResponse(model, c.given.name, theirs), internal, 'reader vs botocore response');
      const ours = serializeRestXmlResponse(model, c.given.name, internal, options);
      const read = readResponse(model, c.given.name, { status: ours.status, headers: ours.headers.map(([k, v]) => [k, v]), body: bodyText(ours) });
      assert.deepStrictEqual(read, internal);
    });
  }
}
test('rest-xml output corpus: counts', () => {
  console.log(`botocore rest-xml output cases: ${outputRun} run, ${outputSkipped} skipped`);
  assert.ok(outputRun > 50);
});
