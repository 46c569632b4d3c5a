/**
 * A bounded, seeded fuzzer over every surface the lab serves (issue "Nothing takes the lab down"): the query
 * protocol (STS, IAM), EC2's, S3's rest-xml with aws-chunked bodies, SigV4 and SigV2 in headers and in
 * presigned queries, the metadata service, the admin API, and raw bytes on the socket. Most requests are
 * validly signed, so that mutated parameters reach parsing and the handlers rather than stopping at the
 * signature check; the rest mutate the authentication itself.
 *
 * A finding is: a 5xx other than S3's 501 NotImplemented, an answer that is not well-formed in its envelope
 * (XML a strict parser refuses, characters XML 1.0 forbids, JSON that does not parse), a well-formed
 * request left without an answer, or the lab exiting. The same seed sends the same requests.
 */
import { createHash } from 'node:crypto';
import { request as httpRequest, Agent } from 'node:http';
import { connect } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { readXml } from '../src/protocol/rest-xml/xml-reader.js';
import { FederationLab } from './federation-lab.js';
import { checkExpectation } from './fuzz-expect.js';
import { makeFederationRequest } from './fuzz-federation.js';
import { enc, sign, type Family, type FuzzRequest } from './fuzz-wire.js';
import { Random, ROOT_KEYS, startLab, type LabProcess } from './lab-process.js';

interface FuzzOptions {
  readonly seed: number;
  readonly requests: number;
  /** Stop after this long even if fewer requests went out. */
  readonly seconds: number;
  readonly concurrency?: number;
  /** Only these surfaces (each as often as the others); all of them by default. */
  readonly families?: readonly Family[];
  readonly log?: (line: string) => void;
}

interface FuzzSummary {
  readonly seed: number;
  readonly sent: number;
  readonly seconds: number;
  readonly byFamily: Record<string, number>;
  readonly byStatus: Record<string, number>;
  readonly findings: readonly string[];
  readonly labExited: string | undefined;
  readonly labErrors: number;
  /** The start of what the lab logged on standard error. */
  readonly labLog: string;
}

interface Setup {
  readonly lab: LabProcess;
  readonly imdsPort: number | undefined;
  readonly federation: FederationLab;
  readonly families: readonly Family[];
}

/** Every surface, the federation ones (issue #16) weighted by how much hostile input each takes. */
const ALL_FAMILIES: readonly Family[] = [
  'query',
  'query',
  'ec2',
  's3',
  's3',
  's3',
  'auth',
  'presigned',
  'imds',
  'admin',
  'raw',
  'federation',
  'federation',
  'federation',
  'providers',
  'providers',
  'federation-admin',
  'agents',
];

const CONTROL = ['\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\ud800', '\uffff', '\r\n', '\t', '\u2028', '😀'];

function oddString(r: Random): string {
  switch (r.int(12)) {
    case 0:
      return '';
    case 1:
      return 'x'.repeat(r.pick([64, 65, 128, 129, 1025, 2049, 70_000]));
    case 2:
      return `a${r.pick(CONTROL)}b`;
    case 3:
      return r.pick(['-1', '0', '1e309', 'NaN', '99999999999999999999', '3.5', '0x10', '43200', '129600']);
    case 4:
      return r.pick([
        'arn:aws:iam::123456789012:role/fuzz',
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
        'arn:',
        'arn:aws:iam:::',
        'arn:aws:s3:::fuzz/*',
        '*',
        'arn:aws:sts::123456789012:assumed-role/r/s',
      ]);
    case 5:
      return policyText(r);
    case 6:
      return '%00%ff%2F..%2f';
    case 7:
      return Array.from({ length: r.int(40) }, () => String.fromCharCode(r.int(0x3000))).join('');
    case 8:
      return r.pick(['true', 'false', 'Active', 'Inactive', 'v1', 'v0', 'required', 'optional', 'enabled']);
    default:
      return r.pick(['fuzz', 'fuzz-user', 'fuzz-role', 'Fuzz.Name+=,.@-', 'i-0123456789abcdef0', 'fuzzbucket', '/path/', '/']);
  }
}

function policyText(r: Random): string {
  const statement = {
    Effect: r.pick(['Allow', 'Deny', 'allow', 'Maybe']),
    Action: r.pick(['*', 's3:GetObject', ['iam:*', 'sts:AssumeRole'], 'bad', '']),
    Resource: r.pick(['*', 'arn:aws:s3:::fuzzbucket/*', ['arn:aws:iam::123456789012:role/*'], 'nope']),
    ...(r.chance(0.3) ? { Principal: r.pick(['*', { AWS: '123456789012' }, { Service: 'ec2.amazonaws.com' }, { Federated: 'x' }]) } : {}),
    ...(r.chance(0.3)
      ? {
          Condition: {
            [r.pick(['StringEquals', 'DateLessThan', 'ForAnyValue:StringLike', 'Bogus'])]: {
              [r.pick(['aws:username', 'aws:TokenIssueTime', 's3:prefix'])]: r.pick(['x', ['a', 'b'], '2030-01-01T00:00:00Z', 5]),
            },
          },
        }
      : {}),
  };
  const documents = [
    JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
    JSON.stringify({ Version: r.pick(['2008-10-17', '2012-10-17', '2020-01-01']), Statement: Array.from({ length: r.int(300) }, () => statement) }),
    '{"Version":"2012-10-17","Statement":' + '['.repeat(r.int(2000)),
    '{',
    'null',
    `{"Statement":[${JSON.stringify(statement)}],"Statement":[]}`,
  ];
  return r.pick(documents);
}

const QUERY_ACTIONS: Record<'sts' | 'iam', readonly string[]> = {
  sts: [
    'GetCallerIdentity',
    'AssumeRole',
    'GetSessionToken',
    'GetAccessKeyInfo',
    'DecodeAuthorizationMessage',
    'GetFederationToken',
    'AssumeRoleWithWebIdentity',
    'NoSuchAction',
  ],
  iam: [
    'CreateUser',
    'GetUser',
    'DeleteUser',
    'ListUsers',
    'CreateRole',
    'GetRole',
    'DeleteRole',
    'PutRolePolicy',
    'GetRolePolicy',
    'PutUserPolicy',
    'CreatePolicy',
    'CreatePolicyVersion',
    'AttachRolePolicy',
    'AttachUserPolicy',
    'CreateAccessKey',
    'UpdateAccessKey',
    'DeleteAccessKey',
    'CreateInstanceProfile',
    'AddRoleToInstanceProfile',
    'TagRole',
    'UntagUser',
    'CreateVirtualMFADevice',
    'EnableMFADevice',
    'SimulatePrincipalPolicy',
    'SimulateCustomPolicy',
    'UpdateAssumeRolePolicy',
    'PutRolePermissionsBoundary',
    'GetAccountSummary',
    'CreateGroup',
    'AddUserToGroup',
  ],
};
const QUERY_PARAMS = [
  'UserName',
  'RoleName',
  'GroupName',
  'PolicyName',
  'PolicyArn',
  'PolicyDocument',
  'AssumeRolePolicyDocument',
  'Path',
  'PathPrefix',
  'MaxItems',
  'Marker',
  'DurationSeconds',
  'RoleArn',
  'RoleSessionName',
  'SerialNumber',
  'TokenCode',
  'Policy',
  'PolicyArns.member.1.arn',
  'ExternalId',
  'SourceIdentity',
  'InstanceProfileName',
  'AccessKeyId',
  'Status',
  'VersionId',
  'SetAsDefault',
  'Tags.member.1.Key',
  'Tags.member.1.Value',
  'Tags.member.51.Key',
  'TagKeys.member.1',
  'TransitiveTagKeys.member.1',
  'PolicyInputList.member.1',
  'ActionNames.member.1',
  'ResourceArns.member.1',
  'ContextEntries.member.1.ContextKeyName',
  'ContextEntries.member.1.ContextKeyValues.member.1',
  'ContextEntries.member.1.ContextKeyType',
  'PolicySourceArn',
  'VirtualMFADeviceName',
  'AuthenticationCode1',
  'AuthenticationCode2',
  'EncodedMessage',
  'PermissionsBoundary',
  'Description',
  'MaxSessionDuration',
  'Name',
  'WebIdentityToken',
  'ProviderId',
  'member',
  'Tags.member.x.Key',
  'Tags.member.0.Key',
];
const EC2_ACTIONS = [
  'RunInstances',
  'DescribeInstances',
  'TerminateInstances',
  'StopInstances',
  'StartInstances',
  'AssociateIamInstanceProfile',
  'DescribeIamInstanceProfileAssociations',
  'ReplaceIamInstanceProfileAssociation',
  'DisassociateIamInstanceProfile',
  'ModifyInstanceMetadataOptions',
  'DescribeInstanceStatus',
  'Bogus',
];
const EC2_PARAMS = [
  'InstanceId.1',
  'InstanceId.2',
  'InstanceId',
  'ImageId',
  'MinCount',
  'MaxCount',
  'InstanceType',
  'IamInstanceProfile.Name',
  'IamInstanceProfile.Arn',
  'AssociationId',
  'AssociationId.1',
  'Filter.1.Name',
  'Filter.1.Value.1',
  'HttpTokens',
  'HttpEndpoint',
  'HttpPutResponseHopLimit',
  'MetadataOptions.HttpTokens',
  'TagSpecification.1.ResourceType',
  'TagSpecification.1.Tag.1.Key',
  'MaxResults',
  'NextToken',
  'DryRun',
];

function formBody(r: Random, action: string, version: string, params: readonly string[]): string {
  const pairs: string[] = [];
  if (!r.chance(0.03)) pairs.push(`Action=${enc(action)}`);
  if (!r.chance(0.03)) pairs.push(`Version=${r.chance(0.95) ? version : enc(oddString(r))}`);
  for (let i = r.int(6); i > 0; i--) pairs.push(`${enc(r.pick(params))}=${enc(oddString(r))}`);
  if (r.chance(0.05)) pairs.push(r.pick(['%', '%zz', '=', '&&', 'a=%E0%A4%A', '%00=%00']));
  return pairs.join('&');
}

const S3_SUBRESOURCES = [
  '',
  '',
  '',
  '?acl',
  '?policy',
  '?delete',
  '?uploads',
  '?tagging',
  '?versioning',
  '?location',
  '?list-type=2&max-keys=-1',
  '?uploadId=x&partNumber=1',
  '?partNumber=0&uploadId=',
  '?versions',
  '?cors',
  '?encryption',
  '?prefix=%00&delimiter=%2F',
  '?continuation-token=%FF',
  '?max-keys=99999999999',
  '?uploadId=abc',
  '?x-id=PutObject',
  '?response-content-type=%0d%0aX:1',
];
const S3_HEADERS: readonly (readonly [string, () => string])[] = [
  ['x-amz-copy-source', () => '/fuzzbucket/seed'],
  ['x-amz-copy-source', () => '%00/%ff'],
  ['range', () => 'bytes=0-1'],
  ['range', () => 'bytes=9-1,-0,abc'],
  ['if-match', () => '"nope"'],
  ['if-none-match', () => '*'],
  ['if-modified-since', () => 'yesterday'],
  ['content-md5', () => 'AAAA'],
  ['x-amz-checksum-crc32', () => 'AAAAAA=='],
  ['x-amz-checksum-sha256', () => 'not base64'],
  ['x-amz-sdk-checksum-algorithm', () => 'CRC64NVME'],
  ['x-amz-acl', () => 'public-read'],
  ['x-amz-tagging', () => 'a=b&c'],
  ['x-amz-meta-fuzz', () => 'value'],
  ['x-amz-expected-bucket-owner', () => '12345'],
  ['x-amz-storage-class', () => 'GLACIER'],
  ['content-type', () => 'application/xml'],
  ['expect', () => '100-continue'],
];
const XML_BODIES = [
  '<Delete><Object><Key>seed</Key></Object><Quiet>true</Quiet></Delete>',
  '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"x"</ETag></Part></CompleteMultipartUpload>',
  '<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>',
  '<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet></Tagging>',
  '<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Delete>&a;</Delete>',
];

function mutateXml(r: Random, xml: string): string {
  switch (r.int(6)) {
    case 0:
      return xml.slice(0, r.int(xml.length));
    case 1:
      return xml.replace('>', `>${r.pick(CONTROL)}&#${r.int(40)};`);
    case 2:
      return '<a>'.repeat(r.int(5000)) + xml;
    case 3:
      return xml.replace(/<Key>[^<]*<\/Key>/, `<Key>${oddString(r).replace(/[<&]/g, '')}</Key>`);
    default:
      return xml;
  }
}

function awsChunked(r: Random, payload: string): { body: string; headers: [string, string][] } {
  const size = Buffer.byteLength(payload);
  const good = `${size.toString(16)}\r\n${payload}\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`;
  const body = r.pick([
    good,
    good.slice(0, r.int(good.length)),
    `zz\r\n${payload}\r\n0\r\n\r\n`,
    `${(size + 5).toString(16)};chunk-signature=abc\r\n${payload}\r\n0\r\n\r\n`,
    'ffffffffffff\r\n',
  ]);
  return {
    body,
    headers: [
      ['content-encoding', 'aws-chunked'],
      ['x-amz-decoded-content-length', r.chance(0.8) ? String(size) : oddString(r)],
      ['x-amz-trailer', 'x-amz-checksum-crc32'],
    ],
  };
}

function queryObject(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const name = at === -1 ? part : part.slice(0, at);
    try {
      out[decodeURIComponent(name)] = at === -1 ? '' : decodeURIComponent(part.slice(at + 1));
    } catch {
      out[name] = '';
    }
  }
  return out;
}

async function makeRequest(r: Random, setup: Setup): Promise<FuzzRequest> {
  const port = setup.lab.port;
  const family: Family = r.pick(setup.families);
  switch (family) {
    case 'federation':
    case 'providers':
    case 'federation-admin':
    case 'agents':
      return makeFederationRequest(r, family, setup.federation);
    case 'query':
    case 'ec2': {
      const service = family === 'ec2' ? 'ec2' : r.pick(['sts', 'iam'] as const);
      const body =
        service === 'ec2'
          ? formBody(r, r.pick(EC2_ACTIONS), '2016-11-15', EC2_PARAMS)
          : formBody(r, r.pick(QUERY_ACTIONS[service]), service === 'sts' ? '2011-06-15' : '2010-05-08', QUERY_PARAMS);
      const headers = await sign(service, 'POST', '/', {}, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body, port);
      return { family, method: 'POST', target: '/', headers: Object.entries(headers), body: Buffer.from(body) };
    }
    case 's3': {
      const method = r.pick(['GET', 'PUT', 'PUT', 'POST', 'DELETE', 'HEAD']);
      const key = r.chance(0.3) ? '' : `/${r.pick(['seed', 'k', 'a/b/c', '%00', '%FF', '%E2%82', enc(oddString(r)), '..%2F..', 'x'.repeat(1100)])}`;
      const target = `/${r.pick(['fuzzbucket', 'fuzzbucket', 'nobucket', 'Bad_Bucket', 'xn--a', enc(oddString(r))])}${key}${r.pick(S3_SUBRESOURCES)}`;
      const [path, search = ''] = target.split('?');
      const extra: Record<string, string> = {};
      for (let i = r.int(4); i > 0; i--) {
        const [name, value] = r.pick(S3_HEADERS);
        extra[name] = value();
      }
      let body = r.chance(0.5) ? mutateXml(r, r.pick(XML_BODIES)) : r.chance(0.5) ? policyText(r) : 'fuzz object bytes';
      if (method === 'GET' || method === 'HEAD' || r.chance(0.1)) body = '';
      let payloadHash = r.pick(['UNSIGNED-PAYLOAD', 'UNSIGNED-PAYLOAD', 'actual', 'wrong']);
      if (method === 'PUT' && r.chance(0.2)) {
        const chunked = awsChunked(r, body);
        body = chunked.body;
        for (const [name, value] of chunked.headers) extra[name] = value;
        payloadHash = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
      }
      extra['x-amz-content-sha256'] =
        payloadHash === 'actual' ? createHash('sha256').update(body).digest('hex') : payloadHash === 'wrong' ? 'a'.repeat(64) : payloadHash;
      if (body !== '' && r.chance(0.5) && extra['content-md5'] === undefined) extra['content-md5'] = createHash('md5').update(body).digest('base64');
      const headers = await sign('s3', method, path ?? '/', queryObject(search), extra, body, port);
      return { family, method, target, headers: Object.entries(headers), body: Buffer.from(body) };
    }
    case 'auth': {
      const body = 'Action=GetCallerIdentity&Version=2011-06-15';
      const headers = await sign(r.pick(['sts', 's3', 'iam']), 'POST', '/', {}, { 'content-type': 'application/x-www-form-urlencoded' }, body, port);
      const mutated = Object.entries(headers);
      const at = mutated.findIndex(
        ([name]) => name.toLowerCase() === r.pick(['authorization', 'x-amz-date', 'x-amz-content-sha256', 'authorization']),
      );
      const entry = mutated[at];
      if (entry !== undefined) {
        const value = entry[1];
        entry[1] = r.pick([
          value.slice(0, r.int(value.length)),
          value.replace(/Credential=[^,]*/, `Credential=${oddString(r).replace(/[\r\n]/g, '')}`),
          value.replace('AWS4-HMAC-SHA256', r.pick(['AWS4-HMAC-SHA512', 'AWS', 'AWS4-ECDSA-P256-SHA256', ''])),
          `AWS ${ROOT_KEYS.accessKeyId}:${'A'.repeat(r.int(40))}`,
          value.replace(/Signature=[0-9a-f]*/, 'Signature=' + 'f'.repeat(r.pick([0, 63, 64, 65]))),
          r.pick(['19700101T000000Z', '20991231T235959Z', 'yesterday', '']),
          `${value}, ${value}`,
        ]);
        if (r.chance(0.2)) mutated.push(['x-amz-security-token', r.pick(['', 'garbage', 'A'.repeat(5000), '%00'])]);
      }
      return { family, method: 'POST', target: '/', headers: mutated, body: Buffer.from(body) };
    }
    case 'presigned': {
      const signer = new SignatureV4({ service: 's3', region: 'us-east-1', sha256: Sha256, credentials: ROOT_KEYS, uriEscapePath: false });
      const presigned = await signer.presign(
        {
          method: 'GET',
          protocol: 'http:',
          hostname: '127.0.0.1',
          port,
          path: '/fuzzbucket/seed',
          query: {},
          headers: { host: `127.0.0.1:${port}` },
        },
        { expiresIn: r.pick([1, 60, 604800]) },
      );
      const query = { ...(presigned.query as Record<string, string>) };
      const names = Object.keys(query);
      const name = r.pick([...names, 'Expires', 'AWSAccessKeyId', 'Signature', 'X-Amz-Security-Token']);
      if (r.chance(0.85)) query[name] = r.pick(['', '-1', '604801', '99999999999999999999', oddString(r), `${query[name] ?? ''}x`]);
      if (r.chance(0.2)) for (const drop of names.filter(() => r.chance(0.3))) delete query[drop];
      const search = Object.entries(query)
        .map(([k, v]) => `${enc(k)}=${enc(v)}`)
        .join('&');
      const prefix = r.chance(0.1) ? `&${search.split('&')[0] ?? ''}` : '';
      return {
        family,
        method: r.pick(['GET', 'GET', 'HEAD', 'PUT', 'DELETE']),
        target: `/fuzzbucket/seed?${search}${prefix}`,
        headers: [['host', `127.0.0.1:${port}`]],
        body: Buffer.alloc(0),
      };
    }
    case 'imds': {
      if (setup.imdsPort === undefined) return makeRequest(r, { ...setup, families: setup.families.filter((f) => f !== 'imds') });
      const tokenHeaders: [string, string][] = [];
      if (r.chance(0.5))
        tokenHeaders.push([
          'x-aws-ec2-metadata-token',
          r.pick(['garbage', '', 'A'.repeat(300), oddString(r).replace(/[\r\n\u0000-\u001f\u007f-\uffff]/g, '')]),
        ]);
      if (r.chance(0.4)) tokenHeaders.push(['x-aws-ec2-metadata-token-ttl-seconds', r.pick(['21600', '0', '21601', '-1', 'abc', '1e3', ''])]);
      if (r.chance(0.1)) tokenHeaders.push(['x-forwarded-for', '10.0.0.1']);
      const path = r.pick([
        '/latest/api/token',
        '/latest/meta-data/',
        '/latest/meta-data/iam/security-credentials/',
        '/latest/meta-data/iam/info',
        '/latest/dynamic/instance-identity/document',
        '/latest/meta-data/../../etc',
        '/%00',
        '/latest/meta-data/iam/security-credentials/%FF',
        '/latest/user-data',
        '/' + 'a/'.repeat(500),
      ]);
      return {
        family,
        method: r.pick(['GET', 'PUT', 'PUT', 'POST', 'HEAD', 'DELETE']),
        target: path,
        headers: tokenHeaders,
        body: Buffer.alloc(0),
        port: setup.imdsPort,
      };
    }
    case 'admin': {
      const path = r.pick([
        '/_iamlab/health',
        '/_iamlab/clock',
        '/_iamlab/clock',
        '/_iamlab/events?limit=5',
        '/_iamlab/events?limit=-1&after=abc',
        '/_iamlab/instances',
        '/_iamlab/instances/i-nope',
        '/_iamlab/credentials',
        '/_iamlab/accounts',
        '/_iamlab/revoke-sessions',
        '/_iamlab/nope',
        '/_iamlab/%00',
      ]);
      const body = r.pick([
        JSON.stringify({ action: 'advance', by: r.pick(['1m', '90m', '-5m', '100000d', 'abc', 1e308, '']) }),
        JSON.stringify({ action: 'set', to: r.pick(['2030-02-30', 'not a date', '9999-12-31T23:59:59Z', '']) }),
        JSON.stringify({ action: r.pick(['freeze', 'resume', 'jump']) }),
        JSON.stringify({ account: oddString(r) }),
        JSON.stringify({ role: oddString(r) }),
        '{',
        '[]',
        'null',
        '"'.repeat(r.int(1000)),
      ]);
      return {
        family,
        method: r.pick(['GET', 'POST', 'POST', 'PUT', 'DELETE']),
        target: path,
        headers: [['content-type', 'application/json']],
        body: Buffer.from(body),
      };
    }
    case 'raw': {
      const raw = r.pick([
        'GET / HTTP/1.1\r\nHost: x\r\n\r\n',
        'GARBAGE\r\n\r\n',
        `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n`,
        `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
        `GET /${'a'.repeat(r.pick([100, 20000, 100000]))} HTTP/1.1\r\nHost: x\r\n\r\n`,
        `GET / HTTP/1.1\r\n${'X-A: b\r\n'.repeat(r.int(3000))}\r\n`,
        `PUT /fuzzbucket/k HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello`,
        `\u0000\u0001\u0002\r\n\r\n`,
        `GET / HTTP/9.9\r\n\r\n`,
      ]);
      return { family, method: 'RAW', target: '', headers: [], body: Buffer.alloc(0), raw: Buffer.from(raw, 'latin1') };
    }
  }
}

/** Characters XML 1.0 forbids, raw; and character references to them other than S3's control-character keys. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function checkAnswer(request: FuzzRequest, status: number, headers: Record<string, string | string[] | undefined>, body: Buffer): string | undefined {
  if (status >= 500 && !(status === 501 && request.family !== 'imds')) return `status ${status}: ${body.toString('utf8').slice(0, 300)}`;
  const type = String(headers['content-type'] ?? '');
  const text = body.toString('utf8');
  if (request.method === 'HEAD' || text === '') return undefined;
  // An object's own bytes (GetObject: 200 or 206 with its ETag) are whatever was stored.
  if ((status === 200 || status === 206) && headers['etag'] !== undefined && request.method === 'GET') return undefined;
  if (type.includes('xml') || (text.startsWith('<') && request.family !== 'imds')) {
    if (NOT_XML_CHAR.test(text)) return `a character XML 1.0 forbids in: ${JSON.stringify(text.slice(0, 300))}`;
    // S3 writes control characters in keys as references, as AWS does (lib/xml.ts): allowed only there.
    const checked = request.family === 's3' || request.family === 'presigned' ? text.replace(/&#x[0-9a-f]{1,2};/g, '') : text;
    const parsed = readXml(checked.replace(/^<\?xml[^>]*\?>/, ''), { maxLength: 10_000_000, maxDepth: 100 });
    if (parsed.kind !== 'ok') return `XML a strict parser refuses: ${JSON.stringify(text.slice(0, 300))}`;
  } else if (type.includes('json')) {
    try {
      JSON.parse(text);
    } catch {
      return `JSON that does not parse: ${JSON.stringify(text.slice(0, 300))}`;
    }
  }
  return request.expect === undefined ? undefined : checkExpectation(request.expect, status, headers, text);
}

function send(
  request: FuzzRequest,
  port: number,
  agent: Agent,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer } | { error: string } | undefined> {
  return new Promise((resolve) => {
    const raw = request.raw;
    if (raw !== undefined) {
      const socket = connect(port, '127.0.0.1', () => socket.end(raw));
      socket.on('data', () => undefined);
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(undefined));
      socket.setTimeout(10_000, () => socket.destroy());
      return;
    }
    let req;
    try {
      req = httpRequest({
        host: '127.0.0.1',
        port: request.port ?? port,
        method: request.method,
        path: request.target,
        agent,
        setHost: request.headers.every(([n]) => n.toLowerCase() !== 'host'),
        headers: Object.fromEntries(request.headers),
      });
    } catch {
      resolve(undefined); // node's client refuses to send it (an invalid header value): nothing to learn
      return;
    }
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (error) => resolve({ error: error.message }));
    });
    req.on('error', (error) => resolve({ error: error.message }));
    req.end(request.body);
  });
}

async function prepare(lab: LabProcess, families: readonly Family[], report: (problem: string) => void): Promise<Setup> {
  const post = async (service: string, body: string): Promise<string> => {
    const headers = await sign(service, 'POST', '/', {}, { 'content-type': 'application/x-www-form-urlencoded' }, body, lab.port);
    const response = await fetch(`${lab.url}/`, { method: 'POST', headers, body });
    return response.text();
  };
  const s3 = async (method: string, path: string, body: string): Promise<void> => {
    const headers = await sign('s3', method, path, {}, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body, lab.port);
    await (await fetch(`${lab.url}${path}`, { method, headers, body: body === '' ? null : body })).arrayBuffer();
  };
  await s3('PUT', '/fuzzbucket', '');
  await s3('PUT', '/fuzzbucket/seed', 'seed object');
  await post(
    'iam',
    'Action=CreateRole&Version=2010-05-08&RoleName=fuzz-role&AssumeRolePolicyDocument=' +
      enc(
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      ),
  );
  await post('iam', 'Action=CreateInstanceProfile&Version=2010-05-08&InstanceProfileName=fuzz-profile');
  await post('iam', 'Action=AddRoleToInstanceProfile&Version=2010-05-08&InstanceProfileName=fuzz-profile&RoleName=fuzz-role');
  await post('ec2', 'Action=RunInstances&Version=2016-11-15&ImageId=ami-12345678&MinCount=1&MaxCount=1&IamInstanceProfile.Name=fuzz-profile');
  const instances = (await (await fetch(`${lab.url}/_iamlab/instances`)).json()) as { instances: { imdsEndpoint: string | null }[] };
  const endpoint = instances.instances[0]?.imdsEndpoint;
  const federation = await FederationLab.prepare(lab, report);
  return { lab, imdsPort: endpoint === null || endpoint === undefined ? undefined : Number(new URL(endpoint).port), federation, families };
}

export async function fuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const log = options.log ?? (() => undefined);
  const lab = await startLab();
  const started = performance.now();
  const byFamily: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const findings: string[] = [];
  let sent = 0;
  let exited: string | undefined;
  let labErrors = 0;
  let labLog = '';
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  try {
    const setup = await prepare(lab, options.families ?? ALL_FAMILIES, (problem) => findings.push(problem));
    const random = new Random(options.seed);
    const deadline = started + options.seconds * 1000;
    const worker = async (): Promise<void> => {
      while (sent < options.requests && performance.now() < deadline && findings.length < 50 && lab.exited() === undefined) {
        const index = sent++;
        const request = await makeRequest(random, setup);
        byFamily[request.family] = (byFamily[request.family] ?? 0) + 1;
        const answer = await send(request, lab.port, agent);
        if (answer === undefined) continue;
        if ('error' in answer) {
          if (lab.exited() !== undefined) break;
          // A request node's parser refuses may be cut off; a well-formed one must be answered.
          if (request.family !== 'raw' && !/ECONNRESET|socket hang up|EPIPE/.test(answer.error))
            findings.push(`#${index} ${request.family} ${request.method} ${request.target.slice(0, 120)}: ${answer.error}`);
          byStatus['no answer'] = (byStatus['no answer'] ?? 0) + 1;
          continue;
        }
        byStatus[String(answer.status)] = (byStatus[String(answer.status)] ?? 0) + 1;
        const problem = checkAnswer(request, answer.status, answer.headers, answer.body);
        if (problem !== undefined) findings.push(`#${index} ${request.family} ${request.method} ${request.target.slice(0, 120)}: ${problem}`);
        if (index % 5000 === 4999) log(`  ${index + 1} requests, ${findings.length} findings`);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
    // Still alive and answering after all of it?
    if (lab.exited() === undefined) {
      const health = await fetch(`${lab.url}/_iamlab/health`).catch(() => undefined);
      if (health?.status !== 200) findings.push('the lab does not answer its health check after the run');
      else findings.push(...(await setup.federation.stillWorks()));
    }
  } finally {
    agent.destroy();
    exited = lab.exited();
    // Run with --quiet, the lab logs nothing but failures.
    labErrors = lab
      .stderr()
      .split('\n')
      .filter((line) => line.trim() !== '').length;
    labLog = lab.stderr().slice(0, 4000);
    await lab.stop();
  }
  if (exited !== undefined) findings.push(`the lab exited: ${exited}`);
  if (labErrors > 0) findings.push(`the lab logged ${labErrors} error lines (its log is below)`);
  return {
    seed: options.seed,
    sent,
    seconds: (performance.now() - started) / 1000,
    byFamily,
    byStatus,
    findings,
    labExited: exited,
    labErrors,
    labLog,
  };
}
