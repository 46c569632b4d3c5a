/**
 * Real SDK round trips for S3 (design.md "Tests"): every request @aws-sdk/client-s3 builds — path-style and
 * virtual-hosted — must route to the right operation and parse to the SDK's input; our responses must
 * deserialise in the SDK to what we serialised; our errors must surface with the right name, status and
 * message. A capturing requestHandler stands in for the network.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import * as S3 from '@aws-sdk/client-s3';
import { AwsError } from '../../src/errors/aws-error.js';
import type { RestXmlServiceModel } from '../../src/protocol/model.js';
import { s3Model } from '../../src/protocol/models/s3.js';
import { STREAMING_BODY } from '../../src/protocol/rest-xml/decode-rest-input.js';
import { parseS3Request, routeS3Request } from '../../src/protocol/rest-xml/parse-s3-request.js';
import type { RestResponse } from '../../src/protocol/rest-xml/rest-response.js';
import { S3_SUCCESS_STATUS } from '../../src/protocol/rest-xml/s3-success-status.js';
import { serializeS3Response } from '../../src/protocol/rest-xml/serialize-rest-xml-response.js';
import { serializeS3Error } from '../../src/protocol/rest-xml/serialize-s3-error.js';
import { quoteEtag } from '../../src/protocol/rest-xml/write-rest-xml.js';

const BASE_DOMAINS = { baseDomains: ['localhost', 's3.localhost.localstack.cloud', 'localhost.localstack.cloud'] };
/** A virtual clock one hour ahead of the client: the wire shows wall time (design.md "Time"). */
const toWireTime = (ms: number): number => ms - 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 10, 15, 42);

interface SdkRequest {
  readonly method: string;
  readonly hostname: string;
  readonly path: string;
  readonly query: Record<string, string | string[] | null>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

class S3Capture {
  captured: SdkRequest | undefined;
  reply: RestResponse = { status: 200, headers: [], body: { kind: 'empty' } };

  async handle(request: SdkRequest): Promise<{ response: unknown }> {
    this.captured = request;
    const headers: Record<string, string> = {};
    for (const [name, value] of this.reply.headers) headers[name.toLowerCase()] = value;
    return { response: { statusCode: this.reply.status, reason: '', headers, body: Readable.from([Buffer.from(bodyBytes(this.reply))]) } };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

function bodyBytes(response: RestResponse): Uint8Array {
  switch (response.body.kind) {
    case 'empty':
      return new Uint8Array();
    case 'xml':
    case 'text':
      return new Uint8Array(Buffer.from(response.body.text, 'utf8'));
    case 'bytes':
      return response.body.bytes;
    case 'stream':
      if (!(response.body.body instanceof Uint8Array)) throw new Error('tests stream Uint8Arrays only');
      return response.body.body;
  }
}

interface Style {
  readonly name: string;
  readonly client: S3.S3Client;
  readonly capture: S3Capture;
  readonly virtual: boolean;
}

function style(name: string, endpoint: string, forcePathStyle: boolean): Style {
  const capture = new S3Capture();
  const client = new S3.S3Client({
    region: 'eu-west-1',
    endpoint,
    forcePathStyle,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    requestHandler: capture,
    maxAttempts: 1,
  });
  return { name, client, capture, virtual: !forcePathStyle };
}

const STYLES: readonly Style[] = [
  style('path-style', 'http://localhost:4566', true),
  style('virtual-hosted', 'http://localhost:4566', false),
  style('virtual-hosted (localstack.cloud)', 'http://s3.localhost.localstack.cloud:4566', false),
];

function requestOf(s: Style): Parameters<typeof parseS3Request>[1] {
  const req = s.capture.captured;
  assert.ok(req !== undefined, 'the SDK sent a request');
  const query: [string, string][] = [];
  for (const [name, value] of Object.entries(req.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value ?? '']) query.push([name, v]);
  }
  const body = typeof req.body === 'string' ? req.body : req.body instanceof Uint8Array ? Buffer.from(req.body).toString('utf8') : undefined;
  return { method: req.method, path: req.path, query, headers: Object.entries(req.headers), ...(body !== undefined && { body }) };
}

/** Headers the SDK adds on its own (length, checksums, default content type); the rest must match exactly. */
const SDK_ADDED = new Set(['ContentLength', 'ContentType', 'ContentMD5', 'ChecksumAlgorithm', 'ChecksumCRC32', 'ChecksumMode']);

/** Our internal output → what the SDK hands back: timestamps as Dates (headers lose the ms), ETags quoted. */
function toSdk(model: RestXmlServiceModel, shapeName: string, value: unknown, inHeader = false): unknown {
  const shape = model.shapes[shapeName]!;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const ref = shape.members[k]!;
        if (ref.streaming === true) continue;
        out[k] = toSdk(model, ref.shape, v, ref.location === 'header');
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((v) => toSdk(model, shape.member.shape, v));
    case 'timestamp': {
      const ms = toWireTime(value as number);
      return new Date(inHeader ? Math.floor(ms / 1000) * 1000 : ms);
    }
    default:
      return shapeName === 'ETag' ? quoteEtag(value as string) : value;
  }
}

interface Case {
  readonly operation: string;
  readonly command: { readonly input: object };
  /** What the parser must produce where it differs from the SDK input (streaming bodies, defaults). */
  readonly expectedInput?: Record<string, unknown>;
  readonly output: Record<string, unknown>;
  readonly check?: (sdkOutput: Record<string, unknown>) => Promise<void>;
}

async function roundTrip(s: Style, c: Case): Promise<void> {
  const method = c.operation.startsWith('Head') ? 'HEAD' : undefined;
  s.capture.reply = serializeS3Response(s3Model, c.operation, c.output, {
    requestId: 'REQ1',
    hostId: 'HOST1',
    toWireTime,
    ...(method !== undefined && { method }),
  });
  const sdkOutput = (await s.client.send(c.command as never)) as unknown as Record<string, unknown>;
  const request = requestOf(s);
  if (s.virtual) assert.ok(!request.path.startsWith('/my-bucket'), `virtual-hosted path ${request.path}`);
  const parsed = parseS3Request(s3Model, request, BASE_DOMAINS);
  assert.equal(parsed.kind, 'ok', parsed.kind === 'error' ? `${parsed.error.code}: ${parsed.error.message}` : '');
  if (parsed.kind !== 'ok') return;
  assert.equal(parsed.operation, c.operation);
  const expected = { ...c.command.input, ...c.expectedInput };
  const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, parsed.input[k]]));
  assert.deepStrictEqual(picked, expected, 'parsed input equals the SDK input');
  for (const extra of Object.keys(parsed.input).filter((k) => !(k in expected))) {
    const empty = extra === 'Metadata' && Object.keys(parsed.input[extra] as object).length === 0;
    assert.ok(SDK_ADDED.has(extra) || empty, `unexpected input member ${extra}`);
  }
  const outputShape = s3Model.operations[c.operation]?.output;
  if (outputShape !== undefined) {
    const wire = toSdk(s3Model, outputShape, c.output) as Record<string, unknown>;
    for (const [k, v] of Object.entries(wire)) assert.deepStrictEqual(sdkOutput[k], v, `SDK output ${k}`);
  }
  const metadata = sdkOutput['$metadata'] as { requestId?: string; extendedRequestId?: string; httpStatusCode?: number };
  assert.equal(metadata.requestId, 'REQ1');
  assert.equal(metadata.extendedRequestId, 'HOST1');
  assert.equal(metadata.httpStatusCode, S3_SUCCESS_STATUS[c.operation] ?? s3Model.operations[c.operation]?.http?.responseCode ?? 200);
  await c.check?.(sdkOutput);
}

const B = 'my-bucket';
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/*` }],
});

const OWNER_ID = '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a';

const CASES: readonly Case[] = [
  {
    operation: 'ListBuckets',
    command: new S3.ListBucketsCommand({}),
    output: {
      Buckets: [
        { Name: B, CreationDate: T0 + 123 },
        { Name: 'other-bucket', CreationDate: T0 },
      ],
      Owner: { ID: 'abc123', DisplayName: 'owner' },
    },
  },
  {
    operation: 'CreateBucket',
    command: new S3.CreateBucketCommand({ Bucket: B, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' }, ACL: 'private' }),
    output: { Location: `/${B}` },
  },
  { operation: 'DeleteBucket', command: new S3.DeleteBucketCommand({ Bucket: B }), output: {} },
  { operation: 'HeadBucket', command: new S3.HeadBucketCommand({ Bucket: B }), output: { BucketRegion: 'eu-west-1' } },
  { operation: 'GetBucketLocation', command: new S3.GetBucketLocationCommand({ Bucket: B }), output: { LocationConstraint: 'eu-west-1' } },
  {
    operation: 'ListObjectsV2',
    command: new S3.ListObjectsV2Command({ Bucket: B, Prefix: 'photos/', Delimiter: '/', ContinuationToken: 'tok/en+1=', MaxKeys: 2 }),
    output: {
      IsTruncated: true,
      Contents: [{ Key: 'photos/a&b.jpg', LastModified: T0 + 5, ETag: 'd41d8cd98f00b204e9800998ecf8427e', Size: 0, StorageClass: 'STANDARD' }],
      Name: B,
      Prefix: 'photos/',
      Delimiter: '/',
      MaxKeys: 2,
      CommonPrefixes: [{ Prefix: 'photos/2024/' }],
      KeyCount: 2,
      ContinuationToken: 'tok/en+1=',
      NextContinuationToken: 'next<token>',
    },
  },
  {
    operation: 'ListObjects',
    command: new S3.ListObjectsCommand({ Bucket: B, Marker: 'a', Prefix: 'p' }),
    output: { IsTruncated: false, Marker: 'a', Contents: [{ Key: 'p1', Size: 3, ETag: '"abc"' }], Name: B, Prefix: 'p', MaxKeys: 1000 },
  },
  {
    operation: 'ListObjectVersions',
    command: new S3.ListObjectVersionsCommand({ Bucket: B, Prefix: 'k', KeyMarker: 'a', VersionIdMarker: 'v0', MaxKeys: 2 }),
    output: {
      IsTruncated: true,
      KeyMarker: 'a',
      VersionIdMarker: 'v0',
      NextKeyMarker: 'k',
      NextVersionIdMarker: 'v1',
      Versions: [
        {
          ETag: '"abc"',
          Size: 3,
          StorageClass: 'STANDARD',
          Key: 'k',
          VersionId: 'v1',
          IsLatest: false,
          LastModified: T0,
          Owner: { ID: 'owner' },
        },
      ],
      DeleteMarkers: [{ Owner: { ID: 'owner' }, Key: 'k', VersionId: 'v2', IsLatest: true, LastModified: T0 + 1000 }],
      Name: B,
      Prefix: 'k',
      MaxKeys: 2,
    },
  },
  {
    operation: 'PutObject',
    command: new S3.PutObjectCommand({
      Bucket: B,
      Key: 'dir/a b+c%.txt',
      Body: 'hello',
      ContentType: 'text/plain',
      Metadata: { color: 'red', 'two-words': 'x y' },
      ChecksumAlgorithm: 'CRC32',
    }),
    // The SDK sends the CRC32 of `hello` as a header; the codec hands it to the service as a member.
    expectedInput: { Body: STREAMING_BODY, ChecksumCRC32: 'NhCmhg==' },
    output: { ETag: '5d41402abc4b2a76b9719d911017c592', ChecksumCRC32: 'NhCmhg==' },
  },
  {
    operation: 'GetObject',
    command: new S3.GetObjectCommand({ Bucket: B, Key: 'dir/ünï cödé.txt', Range: 'bytes=0-2', ResponseContentType: 'application/json' }),
    output: {
      Body: new Uint8Array(Buffer.from('hel')),
      ContentLength: 3,
      ContentRange: 'bytes 0-2/5',
      ContentType: 'application/json',
      ETag: '5d41402abc4b2a76b9719d911017c592',
      LastModified: T0,
      AcceptRanges: 'bytes',
      Metadata: { color: 'red' },
    },
    check: async (out) => assert.equal(await (out['Body'] as { transformToString(): Promise<string> }).transformToString(), 'hel'),
  },
  {
    operation: 'HeadObject',
    command: new S3.HeadObjectCommand({ Bucket: B, Key: 'k' }),
    output: { ContentLength: 5, ETag: '"5d41402abc4b2a76b9719d911017c592"', LastModified: T0, ContentType: 'text/plain', Metadata: { color: 'red' } },
  },
  { operation: 'DeleteObject', command: new S3.DeleteObjectCommand({ Bucket: B, Key: 'a/b' }), output: {} },
  {
    operation: 'DeleteObjects',
    command: new S3.DeleteObjectsCommand({ Bucket: B, Delete: { Objects: [{ Key: 'a' }, { Key: 'b&<c>', VersionId: 'v1' }], Quiet: false } }),
    output: { Deleted: [{ Key: 'a' }, { Key: 'b&<c>', VersionId: 'v1' }], Errors: [{ Key: 'x', Code: 'AccessDenied', Message: 'Access Denied' }] },
  },
  {
    operation: 'CopyObject',
    command: new S3.CopyObjectCommand({
      Bucket: B,
      Key: 'copy.txt',
      CopySource: `${B}/orig%20inal.txt`,
      MetadataDirective: 'REPLACE',
      Metadata: { a: '1' },
    }),
    output: { CopyObjectResult: { ETag: '5d41402abc4b2a76b9719d911017c592', LastModified: T0 + 7 } },
  },
  {
    operation: 'PutBucketPolicy',
    command: new S3.PutBucketPolicyCommand({ Bucket: B, Policy: POLICY }),
    output: {},
  },
  {
    operation: 'GetBucketPolicy',
    command: new S3.GetBucketPolicyCommand({ Bucket: B }),
    output: { Policy: POLICY },
  },
  // ACLs, Object Ownership, Block Public Access (aws-behaviour.md §9.6).
  {
    operation: 'GetBucketAcl',
    command: new S3.GetBucketAclCommand({ Bucket: B }),
    output: {
      Owner: { ID: OWNER_ID },
      Grants: [
        { Grantee: { Type: 'CanonicalUser', ID: OWNER_ID }, Permission: 'FULL_CONTROL' },
        { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
      ],
    },
  },
  {
    operation: 'PutBucketAcl',
    command: new S3.PutBucketAclCommand({
      Bucket: B,
      AccessControlPolicy: {
        Owner: { ID: OWNER_ID },
        Grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, Permission: 'WRITE' }],
      },
    }),
    output: {},
  },
  {
    operation: 'GetObjectAcl',
    command: new S3.GetObjectAclCommand({ Bucket: B, Key: 'k' }),
    output: { Owner: { ID: OWNER_ID }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: OWNER_ID }, Permission: 'FULL_CONTROL' }] },
  },
  {
    operation: 'PutObjectAcl',
    command: new S3.PutObjectAclCommand({ Bucket: B, Key: 'k', ACL: 'public-read' }),
    output: {},
  },
  {
    operation: 'GetBucketOwnershipControls',
    command: new S3.GetBucketOwnershipControlsCommand({ Bucket: B }),
    output: { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } },
  },
  {
    operation: 'PutBucketOwnershipControls',
    command: new S3.PutBucketOwnershipControlsCommand({ Bucket: B, OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } }),
    output: {},
  },
  { operation: 'DeleteBucketOwnershipControls', command: new S3.DeleteBucketOwnershipControlsCommand({ Bucket: B }), output: {} },
  {
    operation: 'GetPublicAccessBlock',
    command: new S3.GetPublicAccessBlockCommand({ Bucket: B }),
    output: {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false },
    },
  },
  {
    operation: 'PutPublicAccessBlock',
    command: new S3.PutPublicAccessBlockCommand({
      Bucket: B,
      PublicAccessBlockConfiguration: { BlockPublicAcls: false, RestrictPublicBuckets: true },
    }),
    output: {},
  },
  { operation: 'DeletePublicAccessBlock', command: new S3.DeletePublicAccessBlockCommand({ Bucket: B }), output: {} },
  {
    operation: 'GetBucketPolicyStatus',
    command: new S3.GetBucketPolicyStatusCommand({ Bucket: B }),
    output: { PolicyStatus: { IsPublic: true } },
  },
  { operation: 'DeleteBucketPolicy', command: new S3.DeleteBucketPolicyCommand({ Bucket: B }), output: {} },
  {
    operation: 'CreateMultipartUpload',
    command: new S3.CreateMultipartUploadCommand({ Bucket: B, Key: 'big.bin', ContentType: 'application/octet-stream' }),
    output: { Bucket: B, Key: 'big.bin', UploadId: 'upload-1' },
  },
  {
    operation: 'UploadPart',
    command: new S3.UploadPartCommand({ Bucket: B, Key: 'big.bin', UploadId: 'upload-1', PartNumber: 2, Body: 'part-two' }),
    expectedInput: { Body: STREAMING_BODY },
    output: { ETag: 'aaaa' },
  },
  {
    operation: 'CompleteMultipartUpload',
    command: new S3.CompleteMultipartUploadCommand({
      Bucket: B,
      Key: 'big.bin',
      UploadId: 'upload-1',
      MultipartUpload: {
        Parts: [
          { ETag: '"aaaa"', PartNumber: 1 },
          { ETag: '"bbbb"', PartNumber: 2 },
        ],
      },
    }),
    output: { Location: `http://localhost:4566/${B}/big.bin`, Bucket: B, Key: 'big.bin', ETag: 'cccc-2' },
  },
  {
    operation: 'AbortMultipartUpload',
    command: new S3.AbortMultipartUploadCommand({ Bucket: B, Key: 'big.bin', UploadId: 'upload-1' }),
    output: {},
  },
  {
    operation: 'ListMultipartUploads',
    command: new S3.ListMultipartUploadsCommand({ Bucket: B, Prefix: 'b' }),
    output: { Bucket: B, Prefix: 'b', IsTruncated: false, Uploads: [{ UploadId: 'upload-1', Key: 'big.bin', Initiated: T0 }] },
  },
  {
    operation: 'ListParts',
    command: new S3.ListPartsCommand({ Bucket: B, Key: 'big.bin', UploadId: 'upload-1', MaxParts: 10 }),
    output: {
      Bucket: B,
      Key: 'big.bin',
      UploadId: 'upload-1',
      IsTruncated: false,
      Parts: [{ PartNumber: 1, ETag: 'aaaa', Size: 5, LastModified: T0 }],
    },
  },
  {
    operation: 'PutObjectTagging',
    command: new S3.PutObjectTaggingCommand({
      Bucket: B,
      Key: 'k',
      Tagging: {
        TagSet: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '' },
        ],
      },
    }),
    output: {},
  },
  {
    operation: 'GetObjectTagging',
    command: new S3.GetObjectTaggingCommand({ Bucket: B, Key: 'k' }),
    output: {
      TagSet: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '' },
      ],
    },
  },
  { operation: 'DeleteObjectTagging', command: new S3.DeleteObjectTaggingCommand({ Bucket: B, Key: 'k' }), output: {} },
  {
    operation: 'PutBucketTagging',
    command: new S3.PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet: [{ Key: 'team', Value: 'blue' }] } }),
    output: {},
  },
  { operation: 'GetBucketTagging', command: new S3.GetBucketTaggingCommand({ Bucket: B }), output: { TagSet: [{ Key: 'team', Value: 'blue' }] } },
  { operation: 'DeleteBucketTagging', command: new S3.DeleteBucketTaggingCommand({ Bucket: B }), output: {} },
  { operation: 'GetBucketCors', command: new S3.GetBucketCorsCommand({ Bucket: B }), output: {} },
  {
    operation: 'PutBucketCors',
    command: new S3.PutBucketCorsCommand({ Bucket: B, CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] } }),
    output: {},
  },
  { operation: 'DeleteBucketCors', command: new S3.DeleteBucketCorsCommand({ Bucket: B }), output: {} },
  { operation: 'GetBucketLifecycleConfiguration', command: new S3.GetBucketLifecycleConfigurationCommand({ Bucket: B }), output: {} },
  {
    operation: 'PutBucketLifecycleConfiguration',
    command: new S3.PutBucketLifecycleConfigurationCommand({
      Bucket: B,
      LifecycleConfiguration: { Rules: [{ ID: 'r', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } }] },
    }),
    output: {},
  },
  { operation: 'DeleteBucketLifecycle', command: new S3.DeleteBucketLifecycleCommand({ Bucket: B }), output: {} },
  { operation: 'GetBucketWebsite', command: new S3.GetBucketWebsiteCommand({ Bucket: B }), output: {} },
  {
    operation: 'PutBucketWebsite',
    command: new S3.PutBucketWebsiteCommand({ Bucket: B, WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }),
    output: {},
  },
  { operation: 'DeleteBucketWebsite', command: new S3.DeleteBucketWebsiteCommand({ Bucket: B }), output: {} },
  { operation: 'GetBucketReplication', command: new S3.GetBucketReplicationCommand({ Bucket: B }), output: {} },
  {
    operation: 'PutBucketReplication',
    command: new S3.PutBucketReplicationCommand({
      Bucket: B,
      ReplicationConfiguration: {
        Role: 'arn:aws:iam::123456789012:role/r',
        Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::dest' } }],
      },
    }),
    output: {},
  },
  { operation: 'DeleteBucketReplication', command: new S3.DeleteBucketReplicationCommand({ Bucket: B }), output: {} },
  { operation: 'GetBucketLogging', command: new S3.GetBucketLoggingCommand({ Bucket: B }), output: {} },
  {
    operation: 'PutBucketLogging',
    command: new S3.PutBucketLoggingCommand({ Bucket: B, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'logs', TargetPrefix: 'x/' } } }),
    output: {},
  },
  { operation: 'GetBucketNotificationConfiguration', command: new S3.GetBucketNotificationConfigurationCommand({ Bucket: B }), output: {} },
  {
    operation: 'PutBucketNotificationConfiguration',
    command: new S3.PutBucketNotificationConfigurationCommand({ Bucket: B, NotificationConfiguration: {} }),
    output: {},
  },
  { operation: 'GetBucketAccelerateConfiguration', command: new S3.GetBucketAccelerateConfigurationCommand({ Bucket: B }), output: {} },
  {
    operation: 'PutBucketAccelerateConfiguration',
    command: new S3.PutBucketAccelerateConfigurationCommand({ Bucket: B, AccelerateConfiguration: { Status: 'Enabled' } }),
    output: {},
  },
  { operation: 'GetBucketRequestPayment', command: new S3.GetBucketRequestPaymentCommand({ Bucket: B }), output: { Payer: 'BucketOwner' } },
  {
    operation: 'PutBucketRequestPayment',
    command: new S3.PutBucketRequestPaymentCommand({ Bucket: B, RequestPaymentConfiguration: { Payer: 'Requester' } }),
    output: {},
  },
  { operation: 'GetBucketVersioning', command: new S3.GetBucketVersioningCommand({ Bucket: B }), output: {} },
  {
    operation: 'PutBucketVersioning',
    command: new S3.PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Enabled' } }),
    output: {},
  },
  {
    operation: 'GetBucketEncryption',
    command: new S3.GetBucketEncryptionCommand({ Bucket: B }),
    output: {
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
    },
  },
  {
    operation: 'PutBucketEncryption',
    command: new S3.PutBucketEncryptionCommand({
      Bucket: B,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    }),
    output: {},
  },
  { operation: 'DeleteBucketEncryption', command: new S3.DeleteBucketEncryptionCommand({ Bucket: B }), output: {} },
  { operation: 'GetObjectLockConfiguration', command: new S3.GetObjectLockConfigurationCommand({ Bucket: B }), output: {} },
  {
    operation: 'PutObjectLockConfiguration',
    command: new S3.PutObjectLockConfigurationCommand({ Bucket: B, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } }),
    output: {},
  },
  { operation: 'GetBucketAnalyticsConfiguration', command: new S3.GetBucketAnalyticsConfigurationCommand({ Bucket: B, Id: 'a1' }), output: {} },
  {
    operation: 'PutBucketAnalyticsConfiguration',
    command: new S3.PutBucketAnalyticsConfigurationCommand({ Bucket: B, Id: 'a1', AnalyticsConfiguration: { Id: 'a1', StorageClassAnalysis: {} } }),
    output: {},
  },
  { operation: 'DeleteBucketAnalyticsConfiguration', command: new S3.DeleteBucketAnalyticsConfigurationCommand({ Bucket: B, Id: 'a1' }), output: {} },
  {
    operation: 'ListBucketAnalyticsConfigurations',
    command: new S3.ListBucketAnalyticsConfigurationsCommand({ Bucket: B }),
    output: { IsTruncated: false },
  },
  { operation: 'GetBucketMetricsConfiguration', command: new S3.GetBucketMetricsConfigurationCommand({ Bucket: B, Id: 'm1' }), output: {} },
  {
    operation: 'PutBucketMetricsConfiguration',
    command: new S3.PutBucketMetricsConfigurationCommand({ Bucket: B, Id: 'm1', MetricsConfiguration: { Id: 'm1' } }),
    output: {},
  },
  { operation: 'DeleteBucketMetricsConfiguration', command: new S3.DeleteBucketMetricsConfigurationCommand({ Bucket: B, Id: 'm1' }), output: {} },
  {
    operation: 'ListBucketMetricsConfigurations',
    command: new S3.ListBucketMetricsConfigurationsCommand({ Bucket: B }),
    output: { IsTruncated: false },
  },
  { operation: 'GetBucketInventoryConfiguration', command: new S3.GetBucketInventoryConfigurationCommand({ Bucket: B, Id: 'i1' }), output: {} },
  {
    operation: 'PutBucketInventoryConfiguration',
    command: new S3.PutBucketInventoryConfigurationCommand({
      Bucket: B,
      Id: 'i1',
      InventoryConfiguration: {
        Id: 'i1',
        IsEnabled: true,
        IncludedObjectVersions: 'Current',
        Schedule: { Frequency: 'Daily' },
        Destination: { S3BucketDestination: { Bucket: 'arn:aws:s3:::dest', Format: 'CSV' } },
      },
    }),
    output: {},
  },
  { operation: 'DeleteBucketInventoryConfiguration', command: new S3.DeleteBucketInventoryConfigurationCommand({ Bucket: B, Id: 'i1' }), output: {} },
  {
    operation: 'ListBucketInventoryConfigurations',
    command: new S3.ListBucketInventoryConfigurationsCommand({ Bucket: B }),
    output: { IsTruncated: false },
  },
  {
    operation: 'GetBucketIntelligentTieringConfiguration',
    command: new S3.GetBucketIntelligentTieringConfigurationCommand({ Bucket: B, Id: 't1' }),
    output: {},
  },
  {
    operation: 'PutBucketIntelligentTieringConfiguration',
    command: new S3.PutBucketIntelligentTieringConfigurationCommand({
      Bucket: B,
      Id: 't1',
      IntelligentTieringConfiguration: { Id: 't1', Status: 'Enabled', Tierings: [{ Days: 90, AccessTier: 'ARCHIVE_ACCESS' }] },
    }),
    output: {},
  },
  {
    operation: 'DeleteBucketIntelligentTieringConfiguration',
    command: new S3.DeleteBucketIntelligentTieringConfigurationCommand({ Bucket: B, Id: 't1' }),
    output: {},
  },
  {
    operation: 'ListBucketIntelligentTieringConfigurations',
    command: new S3.ListBucketIntelligentTieringConfigurationsCommand({ Bucket: B }),
    output: { IsTruncated: false },
  },
];

test('the S3 cases cover every modelled operation', () => {
  assert.deepStrictEqual(new Set(CASES.map((c) => c.operation)), new Set(Object.keys(s3Model.operations)));
});

for (const s of STYLES) {
  for (const c of CASES) {
    test(`S3 ${c.operation} round-trips through the SDK (${s.name})`, () => roundTrip(s, c));
  }
}

async function expectError(s: Style, command: object, error: AwsError, method: string, name: string, message: string): Promise<void> {
  s.capture.reply = serializeS3Error(error, { requestId: 'REQ1', hostId: 'HOST1', method });
  await assert.rejects(s.client.send(command as never), (e: Error & { $metadata?: { httpStatusCode?: number; requestId?: string } }) => {
    assert.equal(e.name, name);
    assert.equal(e.message, message);
    assert.equal(e.$metadata?.httpStatusCode, error.status);
    assert.equal(e.$metadata?.requestId, 'REQ1');
    return true;
  });
}

const noSuchKey = new AwsError({ code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.', extra: [['Key', 'a/b.txt']] });
const noSuchBucket = new AwsError({ code: 'NoSuchBucket', status: 404, message: 'The specified bucket does not exist', extra: [['BucketName', B]] });
const accessDenied = new AwsError({ code: 'AccessDenied', status: 403, message: 'Access Denied' });

for (const s of STYLES) {
  test(`S3 errors surface in the SDK with name, status and message (${s.name})`, async () => {
    await expectError(s, new S3.GetObjectCommand({ Bucket: B, Key: 'a/b.txt' }), noSuchKey, 'GET', 'NoSuchKey', noSuchKey.message);
    await expectError(s, new S3.ListObjectsV2Command({ Bucket: B }), noSuchBucket, 'GET', 'NoSuchBucket', noSuchBucket.message);
    await expectError(s, new S3.PutObjectCommand({ Bucket: B, Key: 'k', Body: 'x' }), accessDenied, 'PUT', 'AccessDenied', 'Access Denied');
    // HEAD: status only; the JS SDK names the error after the status, with no message (aws-behaviour.md §5.5).
    await expectError(s, new S3.HeadObjectCommand({ Bucket: B, Key: 'k' }), noSuchKey, 'HEAD', 'NotFound', 'UnknownError');
  });
}

test('the S3 error body carries the code-specific elements before the request id', () => {
  const response = serializeS3Error(noSuchKey, { requestId: 'REQ1', hostId: 'HOST1', method: 'GET' });
  assert.deepStrictEqual(response.body, {
    kind: 'xml',
    text: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a/b.txt</Key><RequestId>REQ1</RequestId><HostId>HOST1</HostId></Error>',
  });
  assert.deepStrictEqual(response.headers, [
    ['x-amz-request-id', 'REQ1'],
    ['x-amz-id-2', 'HOST1'],
    ['Content-Type', 'application/xml'],
  ]);
  const head = serializeS3Error(noSuchBucket, { requestId: 'REQ1', hostId: 'HOST1', method: 'HEAD' });
  assert.deepStrictEqual(head, {
    status: 404,
    headers: [
      ['x-amz-request-id', 'REQ1'],
      ['x-amz-id-2', 'HOST1'],
    ],
    body: { kind: 'empty' },
  });
});

test('routing tells the gateway which bodies to read', () => {
  const route = (method: string, path: string, query: [string, string][] = [], headers: [string, string][] = []) => {
    const r = routeS3Request(s3Model, { method, path, query, headers: [['Host', 'localhost:4566'], ...headers] }, BASE_DOMAINS);
    return r.kind === 'ok' ? [r.route.operation, r.route.payload] : [r.error.code];
  };
  assert.deepStrictEqual(route('PUT', '/b/k'), ['PutObject', 'stream']);
  assert.deepStrictEqual(
    route('PUT', '/b/k', [
      ['partNumber', '1'],
      ['uploadId', 'u'],
    ]),
    ['UploadPart', 'stream'],
  );
  assert.deepStrictEqual(route('PUT', '/b/k', [], [['x-amz-copy-source', 'b/src']]), ['CopyObject', 'none']);
  assert.deepStrictEqual(route('PUT', '/b'), ['CreateBucket', 'xml']);
  assert.deepStrictEqual(route('PUT', '/b', [['policy', '']]), ['PutBucketPolicy', 'text']);
  assert.deepStrictEqual(route('POST', '/b/', [['delete', '']]), ['DeleteObjects', 'xml']);
  assert.deepStrictEqual(route('POST', '/b/k', [['uploadId', 'u']]), ['CompleteMultipartUpload', 'xml']);
  assert.deepStrictEqual(route('GET', '/b/k', [['uploadId', 'u']]), ['ListParts', 'none']);
  assert.deepStrictEqual(route('DELETE', '/b/k', [['uploadId', 'u']]), ['AbortMultipartUpload', 'none']);
  assert.deepStrictEqual(route('GET', '/b', [['list-type', '2']]), ['ListObjectsV2', 'none']);
  assert.deepStrictEqual(route('GET', '/b', [['prefix', 'p']]), ['ListObjects', 'none']);
  assert.deepStrictEqual(route('GET', '/b', [['versions', '']]), ['ListObjectVersions', 'none']);
  assert.deepStrictEqual(route('GET', '/b/k', [['torrent', '']]), ['NotImplemented']);
  assert.deepStrictEqual(route('GET', '/'), ['ListBuckets', 'none']);
  assert.deepStrictEqual(route('GET', '/b', [['acl', '']]), ['GetBucketAcl', 'none']);
  assert.deepStrictEqual(route('PUT', '/b/k', [['acl', '']]), ['PutObjectAcl', 'xml']);
  assert.deepStrictEqual(route('GET', '/b', [['torrent', '']]), ['NotImplemented']);
  assert.deepStrictEqual(route('PATCH', '/b/k'), ['MethodNotAllowed']);
  assert.deepStrictEqual(route('POST', '/b/k'), ['NotImplemented']);
  assert.deepStrictEqual(route('GET', '/b/bad%E0%A4%A'), ['InvalidURI']);
});
