/**
 * The rest-xml pieces on their own: the safe XML reader, S3 addressing, S3-specific serialisation details
 * (root elements, namespace, ETag quoting, status codes, HEAD), malformed payloads as values, and the
 * committed S3 model being exactly what the generator writes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BotocoreModel } from '../../codegen/build-service-model.js';
import { generateModelFiles, generateRestModelFiles } from '../../codegen/generate-model-files.js';
import { s3Model } from '../../src/protocol/models/s3.js';
import { parseS3Request } from '../../src/protocol/rest-xml/parse-s3-request.js';
import type { S3Request } from '../../src/protocol/rest-xml/parse-s3-request.js';
import { resolveS3Address } from '../../src/protocol/rest-xml/s3-address.js';
import { MALFORMED_XML_MESSAGE } from '../../src/protocol/rest-xml/s3-protocol-errors.js';
import { serializeS3Response } from '../../src/protocol/rest-xml/serialize-rest-xml-response.js';
import { readXml } from '../../src/protocol/rest-xml/xml-reader.js';
import { repoRoot } from '../support/repo-root.js';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const DECL = '<?xml version="1.0" encoding="UTF-8"?>';
/** What S3's answers begin with: the declaration and a line break (aws-behaviour.md §0.5). */
const PROLOG = `${DECL}\n`;
const ADDRESSING = { baseDomains: ['localhost', 's3.localhost.localstack.cloud', 'localhost.localstack.cloud'] };
const OPTIONS = { requestId: 'R', hostId: 'H', toWireTime: (ms: number) => ms };

function malformed(text: string, limits?: { maxLength: number; maxDepth: number }): void {
  const result = readXml(text, limits);
  assert.equal(result.kind, 'error', `accepted: ${text.slice(0, 80)}`);
  if (result.kind === 'error') {
    assert.equal(result.error.code, 'MalformedXML');
    assert.equal(result.error.status, 400);
    assert.equal(result.error.message, MALFORMED_XML_MESSAGE);
  }
}

test('the XML reader reads elements, attributes, entities, character references, CDATA and prefixes', () => {
  const result = readXml(
    `${DECL}\n<!-- c --><s3:Delete xmlns:s3="${NS}" a='1&amp;2'><Object><Key>a&lt;b&gt;&quot;&apos;&#x41;&#66;</Key></Object><Object><Key><![CDATA[<raw&>]]></Key></Object></s3:Delete>\n`,
  );
  assert.equal(result.kind, 'ok');
  if (result.kind !== 'ok') return;
  assert.equal(result.root.name, 'Delete');
  assert.equal(result.root.attributes.get('a'), '1&2');
  assert.deepStrictEqual(
    result.root.children.map((c) => c.children[0]?.text),
    [`a<b>"'AB`, '<raw&>'],
  );
});

test('the XML reader refuses DTDs, unknown entities and broken documents, as MalformedXML values', () => {
  malformed('<!DOCTYPE d [<!ENTITY x "boom">]><d>&x;</d>');
  malformed('<d>&x;</d>');
  malformed('<d>&amp</d>');
  malformed('<d>&#0;</d>');
  malformed('<d>&#xD800;</d>');
  malformed('<a><b></a></b>');
  malformed('<a></a><b></b>');
  malformed('text<a/>');
  malformed('<a>');
  malformed('');
  malformed('<a x="1" x="2"/>');
  malformed('<a><![CDATA[never closed</a>');
});

test('the XML reader bounds nesting depth and document size', () => {
  const nested = (n: number): string => '<a>'.repeat(n) + '</a>'.repeat(n);
  assert.equal(readXml(nested(32)).kind, 'ok');
  malformed(nested(33));
  malformed(nested(10_000));
  malformed(`<a>${'x'.repeat(100)}</a>`, { maxLength: 50, maxDepth: 8 });
});

test('S3 addressing: virtual-hosted from the Host header before a base domain, else path-style', () => {
  assert.deepStrictEqual(resolveS3Address('b.localhost:4566', '/k/x', ADDRESSING), { style: 'virtual-hosted', bucket: 'b', path: '/b/k/x' });
  assert.deepStrictEqual(resolveS3Address('my.dotted.bucket.s3.localhost.localstack.cloud:4566', '/', ADDRESSING), {
    style: 'virtual-hosted',
    bucket: 'my.dotted.bucket',
    path: '/my.dotted.bucket',
  });
  // `s3.` is part of the longer base domain, not a bucket.
  assert.deepStrictEqual(resolveS3Address('s3.localhost.localstack.cloud:4566', '/b/k', ADDRESSING), { style: 'path', bucket: 'b', path: '/b/k' });
  assert.deepStrictEqual(resolveS3Address('localhost:4566', '/b/', ADDRESSING), { style: 'path', bucket: 'b', path: '/b' });
  assert.deepStrictEqual(resolveS3Address('127.0.0.1:4566', '/', ADDRESSING), { style: 'path', path: '/' });
  assert.deepStrictEqual(resolveS3Address('B.LOCALHOST', '', ADDRESSING), { style: 'virtual-hosted', bucket: 'b', path: '/b' });
});

function s3(request: Partial<S3Request> & { method: string; path: string }): ReturnType<typeof parseS3Request> {
  return parseS3Request(s3Model, { query: [], headers: [['host', 'localhost:4566']], ...request }, ADDRESSING);
}

test('keys are percent-decoded whole: slashes, plus signs and UTF-8 survive; bad escapes are InvalidURI', () => {
  const parsed = s3({ method: 'GET', path: '/b/a%2Fb//c+d%20%C3%A9' });
  assert.deepStrictEqual(parsed.kind === 'ok' && parsed.input, { Bucket: 'b', Key: 'a/b//c+d é' });
  const bad = s3({ method: 'GET', path: '/b/%FF' });
  assert.equal(bad.kind === 'error' && bad.error.code, 'InvalidURI');
});

test('XML payloads: CreateBucketConfiguration optional, Delete required, bad XML is MalformedXML', () => {
  const empty = s3({ method: 'PUT', path: '/b', body: '' });
  assert.deepStrictEqual(empty.kind === 'ok' && empty.input, { Bucket: 'b' });
  const config = s3({
    method: 'PUT',
    path: '/b',
    body: `<CreateBucketConfiguration xmlns="${NS}"><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>`,
  });
  assert.deepStrictEqual(config.kind === 'ok' && config.input, { Bucket: 'b', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
  for (const body of [
    '',
    '<Delete>',
    '<Delete></Delete>',
    '<Wrong><Object><Key>k</Key></Object></Wrong>',
    '<Delete><Quiet>maybe</Quiet><Object><Key>k</Key></Object></Delete>',
  ]) {
    const parsed = s3({ method: 'POST', path: '/b', query: [['delete', '']], body });
    assert.equal(parsed.kind === 'error' && parsed.error.code, 'MalformedXML', `body ${body}`);
  }
  const ok = s3({ method: 'POST', path: '/b', query: [['delete', '']], body: '<Delete><Quiet>true</Quiet><Object><Key>k</Key></Object></Delete>' });
  assert.deepStrictEqual(ok.kind === 'ok' && ok.input, { Bucket: 'b', Delete: { Objects: [{ Key: 'k' }], Quiet: true } });
});

test('a required text payload that is empty reaches the service as an empty string; a bad header value is an error returned as a value', () => {
  const policy = s3({ method: 'PUT', path: '/b', query: [['policy', '']], body: '' });
  assert.deepStrictEqual(policy.kind === 'ok' && policy.input, { Bucket: 'b', Policy: '' });
  const part = s3({
    method: 'PUT',
    path: '/b/k',
    query: [
      ['partNumber', 'one'],
      ['uploadId', 'u'],
    ],
  });
  assert.equal(part.kind === 'error' && part.error.code, 'InvalidArgument');
  assert.deepStrictEqual(part.kind === 'error' && part.error.extra, [
    ['ArgumentName', 'partNumber'],
    ['ArgumentValue', 'one'],
  ]);
});

// Elements follow the model's member order unless S3's differs (s3-member-order.ts: Owner's ID before DisplayName).
test('ListBuckets is S3-shaped: declaration, root element, namespace, millisecond timestamps', () => {
  const response = serializeS3Response(
    s3Model,
    'ListBuckets',
    { Owner: { ID: 'id1', DisplayName: 'owner' }, Buckets: [{ Name: 'my-bucket', CreationDate: Date.UTC(2024, 0, 2, 3, 4, 5) }] },
    OPTIONS,
  );
  assert.equal(response.status, 200);
  assert.deepStrictEqual(response.body, {
    kind: 'xml',
    text: `${PROLOG}<ListAllMyBucketsResult xmlns="${NS}"><Buckets><Bucket><Name>my-bucket</Name><CreationDate>2024-01-02T03:04:05.000Z</CreationDate></Bucket></Buckets><Owner><ID>id1</ID><DisplayName>owner</DisplayName></Owner></ListAllMyBucketsResult>`,
  });
  assert.ok(response.headers.some(([k, v]) => k === 'Content-Type' && v === 'application/xml'));
});

test('GetBucketLocation writes the constraint as the root text, empty for us-east-1', () => {
  const eu = serializeS3Response(s3Model, 'GetBucketLocation', { LocationConstraint: 'eu-west-1' }, OPTIONS);
  assert.deepStrictEqual(eu.body, { kind: 'xml', text: `${PROLOG}<LocationConstraint xmlns="${NS}">eu-west-1</LocationConstraint>` });
  const us = serializeS3Response(s3Model, 'GetBucketLocation', {}, OPTIONS);
  assert.deepStrictEqual(us.body, { kind: 'xml', text: `${PROLOG}<LocationConstraint xmlns="${NS}"/>` });
});

test('ETags are quoted in headers and bodies, once', () => {
  const put = serializeS3Response(s3Model, 'PutObject', { ETag: 'abc', ChecksumCRC32: 'NhCmhg==' }, OPTIONS);
  assert.deepStrictEqual(put.headers, [
    ['x-amz-request-id', 'R'],
    ['x-amz-id-2', 'H'],
    ['ETag', '"abc"'],
    ['x-amz-checksum-crc32', 'NhCmhg=='],
  ]);
  assert.deepStrictEqual(put.body, { kind: 'empty' });
  const copy = serializeS3Response(s3Model, 'CopyObject', { CopyObjectResult: { ETag: '"abc"', LastModified: 0 } }, OPTIONS);
  assert.deepStrictEqual(copy.body, {
    kind: 'xml',
    text: `${PROLOG}<CopyObjectResult xmlns="${NS}"><ETag>&quot;abc&quot;</ETag><LastModified>1970-01-01T00:00:00.000Z</LastModified></CopyObjectResult>`,
  });
});

test('status codes follow the model, HEAD has no body, metadata goes out as x-amz-meta-*', () => {
  for (const op of ['DeleteObject', 'DeleteBucket', 'DeleteBucketPolicy', 'AbortMultipartUpload']) {
    const response = serializeS3Response(s3Model, op, {}, OPTIONS);
    assert.equal(response.status, 204, op);
    assert.deepStrictEqual(response.body, { kind: 'empty' });
  }
  const head = serializeS3Response(
    s3Model,
    'HeadObject',
    { ContentLength: 5, LastModified: Date.UTC(2024, 0, 2, 3, 4, 5), Metadata: { color: 'red' } },
    { ...OPTIONS, method: 'HEAD' },
  );
  assert.deepStrictEqual(head.body, { kind: 'empty' });
  assert.deepStrictEqual(head.headers.slice(2), [
    ['Last-Modified', 'Tue, 02 Jan 2024 03:04:05 GMT'],
    ['Content-Length', '5'],
    ['x-amz-meta-color', 'red'],
  ]);
  const bytes = new Uint8Array([1, 2, 3]);
  assert.deepStrictEqual(serializeS3Response(s3Model, 'GetObject', { Body: bytes }, OPTIONS).body, { kind: 'stream', body: bytes });
  assert.deepStrictEqual(serializeS3Response(s3Model, 'GetBucketPolicy', { Policy: '{"a":1}' }, OPTIONS).body, { kind: 'text', text: '{"a":1}' });
});

const modelsDir = join(repoRoot(), 'vendor', 'aws-models');

test('regenerating reproduces the committed s3.ts and leaves sts/iam/ec2 generation as it was', () => {
  const read = (s: string): BotocoreModel => JSON.parse(readFileSync(join(modelsDir, `${s}.json`), 'utf8')) as BotocoreModel;
  const rest = generateRestModelFiles(read);
  assert.deepStrictEqual(Object.keys(rest), ['s3.ts']);
  const committed = readFileSync(join(repoRoot(), 'src', 'protocol', 'models', 's3.ts'), 'utf8');
  assert.ok(rest['s3.ts'] === committed, 's3.ts is stale: run npm run generate');
  for (const [name, text] of Object.entries(generateModelFiles(read))) {
    assert.ok(text === readFileSync(join(repoRoot(), 'src', 'protocol', 'models', name), 'utf8'), `${name} changed`);
  }
});

test('the S3 model holds the 83 operations and the traits the codec needs', () => {
  assert.equal(Object.keys(s3Model.operations).length, 83);
  assert.deepStrictEqual(s3Model.metadata, { apiVersion: '2006-03-01', protocol: 'rest-xml', xmlNamespace: NS, signingName: 's3', serviceId: 'S3' });
  assert.deepStrictEqual(s3Model.operations['DeleteObject']?.http, { method: 'DELETE', requestUri: '/{Bucket}/{Key+}', responseCode: 204 });
  assert.deepStrictEqual(s3Model.shapes['NoSuchKey'], {
    type: 'structure',
    members: {},
    error: { code: 'NoSuchKey', httpStatusCode: 404 },
    exception: true,
  });
  const put = s3Model.shapes['PutObjectRequest'];
  assert.ok(put?.type === 'structure' && put.payload === 'Body' && put.members['Body']?.streaming === true);
  assert.equal(s3Model.shapes['SelectObjectContentRequest'], undefined, 'only the shapes the 83 operations reach');
});
