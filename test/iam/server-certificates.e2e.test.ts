/**
 * Server certificates as AWS answers them (aws-behaviour.md §12.2), through the JS SDK and the AWS CLI, with
 * certificates made in the test: the PEM checks and their errors, the chain order, the lab's clock deciding
 * expiry, names, paths, tags, pagination, authorization on both ARNs of a rename, and a restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeleteServerCertificateCommand,
  GetAccountSummaryCommand,
  GetServerCertificateCommand,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  PutUserPolicyCommand,
  TagServerCertificateCommand,
  UntagServerCertificateCommand,
  UpdateServerCertificateCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { awsCli, awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import { failure, startIamLab } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';
import { certificatePem, chainOfThree, ecKeyPair, privateKeyPem, rsaKeyPair, selfSigned, sshRsaLine } from './test-certificates.js';

const ACCOUNT = '123456789012';
const DAY_MS = 86_400_000;
const wholeSeconds = (ms: number): number => Math.floor(ms / 1000) * 1000;

describe('server certificates', () => {
  let l: IamLab;
  let iam: IAMClient;
  let now: number;

  before(async () => {
    l = await startIamLab();
    iam = l.iam;
    now = l.lab.clock.now();
  });
  after(async () => {
    await l.dispose();
  });

  it('UploadServerCertificate answers the metadata AWS does: ARN with the path, an ASCA id, the expiration read from the certificate', async () => {
    const { certificate, key } = selfSigned(now, 'web.example.com');
    const uploaded = await iam.send(
      new UploadServerCertificateCommand({
        ServerCertificateName: 'web',
        Path: '/cloudfront/test/',
        CertificateBody: certificate,
        PrivateKey: key,
        Tags: [{ Key: 'team', Value: 'edge' }],
      }),
    );
    const metadata = uploaded.ServerCertificateMetadata;
    assert.equal(metadata?.Arn, `arn:aws:iam::${ACCOUNT}:server-certificate/cloudfront/test/web`);
    assert.equal(metadata?.Path, '/cloudfront/test/');
    assert.match(metadata?.ServerCertificateId ?? '', /^ASCA[A-Z2-7]{17}$/);
    assert.equal(metadata?.Expiration?.getTime(), wholeSeconds(now + 365 * DAY_MS));
    assert.equal(metadata?.UploadDate?.getTime(), wholeSeconds(l.lab.clock.now()));
    assert.deepEqual(uploaded.Tags, [{ Key: 'team', Value: 'edge' }]);

    // The body comes back without the trailing newline it was uploaded with; the key never comes back.
    const got = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'web' }));
    assert.equal(got.ServerCertificate?.CertificateBody, certificate.trim());
    assert.equal(got.ServerCertificate?.CertificateChain, undefined);
    assert.deepEqual(got.ServerCertificate?.ServerCertificateMetadata, metadata);
    assert.deepEqual(got.ServerCertificate?.Tags, [{ Key: 'team', Value: 'edge' }]);
    assert.ok(!JSON.stringify(got).includes('PRIVATE KEY'));

    // An ECDSA key is taken as well.
    const ec = ecKeyPair();
    const ecCertificate = certificatePem({ commonName: 'ec.example.com', subject: ec, notBeforeMs: now - DAY_MS, notAfterMs: now + DAY_MS });
    await iam.send(
      new UploadServerCertificateCommand({ ServerCertificateName: 'ec', CertificateBody: ecCertificate, PrivateKey: privateKeyPem(ec) }),
    );
    // Tags of a certificate without any: `<Tags/>` on GetServerCertificate.
    assert.deepEqual((await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'ec' }))).ServerCertificate?.Tags, []);
  });

  it('a chain must start with the issuer of the body and go up in order; the error names the index of the first that does not', async () => {
    const { root, intermediate, leaf, leafKey, leafNotAfterMs } = chainOfThree(now);
    const upload = (name: string, chain: string): Promise<unknown> =>
      iam.send(
        new UploadServerCertificateCommand({ ServerCertificateName: name, CertificateBody: leaf, PrivateKey: leafKey, CertificateChain: chain }),
      );
    await upload('chained', intermediate + root);
    const got = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'chained' }));
    assert.equal(got.ServerCertificate?.CertificateChain, (intermediate + root).trim());
    assert.equal(got.ServerCertificate?.ServerCertificateMetadata?.Expiration?.getTime(), wholeSeconds(leafNotAfterMs));
    await upload('intermediate-only', intermediate);

    const chainError = (index: number): { code: string; status: number; message: string } => ({
      code: 'MalformedCertificate',
      status: 400,
      message: `Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${index}`,
    });
    // The root first: it did not sign the leaf.
    assert.deepEqual(await failure(() => upload('bad1', root + intermediate)), chainError(1));
    // The leaf itself put at the head of the chain.
    assert.deepEqual(await failure(() => upload('bad2', leaf + intermediate + root)), chainError(1));
    // The second certificate did not sign the first.
    assert.deepEqual(await failure(() => upload('bad3', intermediate + leaf)), chainError(2));
    // Text that is no certificate counts as one (aws/aws-cli#715).
    assert.deepEqual(await failure(() => upload('bad4', `Subject: CN=Test Intermediate CA\n${intermediate}`)), chainError(1));
  });

  it('bodies and keys IAM cannot use are refused with its errors, the lab clock deciding expiry', async () => {
    const { certificate, key } = selfSigned(now);
    const upload = (body: string, privateKey: string): Promise<unknown> =>
      iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'refused', CertificateBody: body, PrivateKey: privateKey }));
    const unparsable = {
      code: 'MalformedCertificate',
      status: 400,
      message: 'Unable to parse certificate. Please ensure the certificate is in PEM format.',
    };
    // What the AWS CLI sends when `file://` is forgotten: the file name.
    assert.deepEqual(await failure(() => upload('Certificate.pem', key)), unparsable);
    assert.deepEqual(await failure(() => upload(certificate.replace('MII', 'MIJ'), key)), unparsable);
    assert.deepEqual(await failure(() => upload(certificate, privateKeyPem(rsaKeyPair()))), {
      code: 'KeyPairMismatch',
      status: 400,
      message: 'The public key certificate and the private key do not match.',
    });
    const encrypted = rsaKeyPair().privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }).toString();
    assert.equal((await failure(() => upload(certificate, encrypted))).code, 'MalformedCertificate');
    assert.equal((await failure(() => upload(certificate, 'PrivateKey.pem'))).code, 'MalformedCertificate');
    const small = rsaKeyPair(512);
    const smallCertificate = certificatePem({ commonName: 'small', subject: small, notBeforeMs: now - DAY_MS, notAfterMs: now + DAY_MS });
    assert.equal((await failure(() => upload(smallCertificate, privateKeyPem(small)))).code, 'MalformedCertificate');

    const keys = rsaKeyPair();
    const expiring = certificatePem({ commonName: 'soon', subject: keys, notBeforeMs: now - DAY_MS, notAfterMs: now + 2 * DAY_MS });
    const future = certificatePem({ commonName: 'later', subject: keys, notBeforeMs: now + 10 * DAY_MS, notAfterMs: now + 20 * DAY_MS });
    assert.deepEqual(await failure(() => upload(future, privateKeyPem(keys))), {
      code: 'MalformedCertificate',
      status: 400,
      message: 'The certificate is not yet valid.',
    });
    l.lab.clock.advance(3 * DAY_MS);
    try {
      assert.deepEqual(await failure(() => upload(expiring, privateKeyPem(keys))), {
        code: 'MalformedCertificate',
        status: 400,
        message: 'The certificate has expired.',
      });
    } finally {
      l.lab.clock.set(l.lab.clock.now() - 3 * DAY_MS);
    }
    // A byte-order mark is not printable ASCII: IAM's own ValidationError, not Coral's.
    assert.deepEqual(await failure(() => upload(certificate, `\uFEFF${key}`)), {
      code: 'ValidationError',
      status: 400,
      message: 'The specified value for privateKey is invalid. It must contain only printable ASCII characters.',
    });
    assert.equal((await failure(() => iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'refused' })))).code, 'NoSuchEntity');
  });

  it('names are unique, missing ones are NoSuchEntity with AWS texts; rename and path change keep the id', async () => {
    const { certificate, key } = selfSigned(now);
    await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'named', CertificateBody: certificate, PrivateKey: key }));
    assert.deepEqual(
      await failure(() =>
        iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'named', CertificateBody: certificate, PrivateKey: key })),
      ),
      { code: 'EntityAlreadyExists', status: 409, message: 'The Server Certificate with name named already exists.' },
    );
    assert.deepEqual(await failure(() => iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'nothing' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The Server Certificate with name nothing cannot be found.',
    });
    const before = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'named' }));
    await iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'named', NewServerCertificateName: 'renamed', NewPath: '/moved/' }));
    const after = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'renamed' }));
    assert.equal(after.ServerCertificate?.ServerCertificateMetadata?.Arn, `arn:aws:iam::${ACCOUNT}:server-certificate/moved/renamed`);
    assert.equal(
      after.ServerCertificate?.ServerCertificateMetadata?.ServerCertificateId,
      before.ServerCertificate?.ServerCertificateMetadata?.ServerCertificateId,
    );
    assert.equal((await failure(() => iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'named' })))).code, 'NoSuchEntity');
    assert.deepEqual(
      await failure(() => iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'renamed', NewServerCertificateName: 'web' }))),
      { code: 'EntityAlreadyExists', status: 409, message: 'The Server Certificate with name web already exists.' },
    );
    assert.equal(
      (await failure(() => iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'nothing', NewPath: '/x/' })))).message,
      'The Server Certificate with name nothing cannot be found.',
    );
    await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'renamed' }));
    assert.equal((await failure(() => iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'renamed' })))).status, 404);
  });

  it('ListServerCertificates filters by path prefix, sorts by name and pages with Marker', async () => {
    const { certificate, key } = selfSigned(now);
    for (const [name, path] of [
      ['list-b', '/list/'],
      ['list-a', '/list/'],
      ['list-c', '/list/deep/'],
    ] as const) {
      await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: name, Path: path, CertificateBody: certificate, PrivateKey: key }));
    }
    const listed = await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/list/' }));
    assert.deepEqual(
      listed.ServerCertificateMetadataList?.map((m) => m.ServerCertificateName),
      ['list-a', 'list-b', 'list-c'],
    );
    assert.equal(listed.IsTruncated, false);
    const first = await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/list/', MaxItems: 2 }));
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/list/', Marker: first.Marker }));
    assert.deepEqual(
      [...(first.ServerCertificateMetadataList ?? []), ...(rest.ServerCertificateMetadataList ?? [])].map((m) => m.ServerCertificateName),
      ['list-a', 'list-b', 'list-c'],
    );
    assert.deepEqual((await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/none/' }))).ServerCertificateMetadataList, []);
  });

  it('TagServerCertificate, UntagServerCertificate and ListServerCertificateTags', async () => {
    await iam.send(
      new TagServerCertificateCommand({
        ServerCertificateName: 'web',
        Tags: [
          { Key: 'env', Value: 'prod' },
          { Key: 'TEAM', Value: 'ops' },
        ],
      }),
    );
    // Keys compare without regard to case, as on users and roles: TEAM replaced team.
    assert.deepEqual((await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'web' }))).Tags, [
      { Key: 'env', Value: 'prod' },
      { Key: 'TEAM', Value: 'ops' },
    ]);
    await iam.send(new UntagServerCertificateCommand({ ServerCertificateName: 'web', TagKeys: ['env'] }));
    const tags = await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'web' }));
    assert.deepEqual([tags.Tags, tags.IsTruncated], [[{ Key: 'TEAM', Value: 'ops' }], false]);
    assert.deepEqual(await failure(() => iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'nothing' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The Server Certificate with name nothing cannot be found.',
    });
  });

  it('a rename needs the permission on the new ARN as well as on the old one; malformed text fails before any policy', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'cert-admin' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'cert-admin',
        PolicyName: 'certs',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:*ServerCertificate*', Resource: `arn:aws:iam::${ACCOUNT}:server-certificate/list/*` }],
        }),
      }),
    );
    const created = await iam.send(new CreateAccessKeyCommand({ UserName: 'cert-admin' }));
    const admin = l.client({ accessKeyId: created.AccessKey?.AccessKeyId ?? '', secretAccessKey: created.AccessKey?.SecretAccessKey ?? '' });
    try {
      await admin.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'list-a', NewServerCertificateName: 'list-a2' }));
      const denied = await failure(() =>
        admin.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'list-a2', NewPath: '/elsewhere/' })),
      );
      assert.equal(denied.code, 'AccessDenied');
      assert.match(denied.message, new RegExp(`on resource: arn:aws:iam::${ACCOUNT}:server-certificate/elsewhere/list-a2`));
      assert.equal((await failure(() => admin.send(new GetServerCertificateCommand({ ServerCertificateName: 'web' })))).code, 'AccessDenied');
      // A malformed parameter fails the same for a caller without the permission: validation comes first (§10.2).
      const { certificate, key } = selfSigned(now);
      const upload = (privateKey: string): Promise<unknown> =>
        admin.send(new UploadServerCertificateCommand({ ServerCertificateName: 'outside', CertificateBody: certificate, PrivateKey: privateKey }));
      assert.equal((await failure(() => upload(`\uFEFF${key}`))).code, 'ValidationError');
      assert.equal((await failure(() => upload(key))).code, 'AccessDenied');
    } finally {
      admin.destroy();
    }
  });

  it('the quota of 20 per account, and GetAccountSummary counts them', async () => {
    const { certificate, key } = selfSigned(now);
    const count = (await iam.send(new ListServerCertificatesCommand({}))).ServerCertificateMetadataList?.length ?? 0;
    for (let i = count; i < 20; i += 1) {
      await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: `fill-${i}`, CertificateBody: certificate, PrivateKey: key }));
    }
    assert.deepEqual(
      await failure(() =>
        iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'one-too-many', CertificateBody: certificate, PrivateKey: key })),
      ),
      { code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for ServerCertificatesPerAccount: 20' },
    );
    const summary = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap;
    assert.deepEqual([summary?.['ServerCertificates'], summary?.['ServerCertificatesQuota']], [20, 20]);
  });

  it('aws iam upload-server-certificate with file:// arguments, then list-server-certificates', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'fill-19' }));
    const dir = mkdtempSync(join(tmpdir(), 'iamlab-cert-'));
    try {
      const { certificate, key } = selfSigned(now, 'cli.example.com');
      writeFileSync(join(dir, 'cert.pem'), certificate);
      writeFileSync(join(dir, 'key.pem'), key);
      const uploaded = await awsCli(l.lab.endpoint, l.root, [
        'iam',
        'upload-server-certificate',
        '--server-certificate-name',
        'from-cli',
        '--path',
        '/cli/',
        '--certificate-body',
        `file://${join(dir, 'cert.pem')}`,
        '--private-key',
        `file://${join(dir, 'key.pem')}`,
      ]);
      assert.equal(uploaded.code, 0, uploaded.stderr);
      const metadata = (JSON.parse(uploaded.stdout) as { ServerCertificateMetadata: { Arn: string } }).ServerCertificateMetadata;
      assert.equal(metadata.Arn, `arn:aws:iam::${ACCOUNT}:server-certificate/cli/from-cli`);
      const listed = await awsCli(l.lab.endpoint, l.root, ['iam', 'list-server-certificates', '--path-prefix', '/cli/']);
      assert.equal(listed.code, 0, listed.stderr);
      const names = (
        JSON.parse(listed.stdout) as { ServerCertificateMetadataList: { ServerCertificateName: string }[] }
      ).ServerCertificateMetadataList.map((m) => m.ServerCertificateName);
      assert.deepEqual(names, ['from-cli']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('certificates, SSH keys and service-specific credentials after a restart', () => {
  it('every kind is still there, with its status, ids and dates', async () => {
    const first = await startIamLab({ keepData: true });
    const { dataDir } = first;
    const now = first.lab.clock.now();
    const { certificate, key } = selfSigned(now);
    let ids: string[] = [];
    try {
      const { iam } = first;
      await iam.send(new CreateUserCommand({ UserName: 'kept' }));
      const server = await iam.send(
        new UploadServerCertificateCommand({ ServerCertificateName: 'kept', CertificateBody: certificate, PrivateKey: key }),
      );
      const signing = await iam.send(new UploadSigningCertificateCommand({ UserName: 'kept', CertificateBody: certificate }));
      const ssh = await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'kept', SSHPublicKeyBody: sshRsaLine(rsaKeyPair()) }));
      const credential = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'kept', ServiceName: 'codecommit.amazonaws.com' }));
      ids = [
        server.ServerCertificateMetadata?.ServerCertificateId ?? '',
        signing.Certificate?.CertificateId ?? '',
        ssh.SSHPublicKey?.SSHPublicKeyId ?? '',
        credential.ServiceSpecificCredential?.ServiceSpecificCredentialId ?? '',
      ];
    } finally {
      await first.dispose();
    }
    const second = await startIamLab({ dataDir });
    try {
      const { iam } = second;
      const server = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'kept' }));
      const signing = await iam.send(new ListSigningCertificatesCommand({ UserName: 'kept' }));
      const ssh = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'kept' }));
      const credentials = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'kept' }));
      assert.deepEqual(
        [
          server.ServerCertificate?.ServerCertificateMetadata?.ServerCertificateId,
          signing.Certificates?.[0]?.CertificateId,
          ssh.SSHPublicKeys?.[0]?.SSHPublicKeyId,
          credentials.ServiceSpecificCredentials?.[0]?.ServiceSpecificCredentialId,
        ],
        ids,
      );
      assert.equal(server.ServerCertificate?.CertificateBody, certificate.trim());
      assert.equal(credentials.ServiceSpecificCredentials?.[0]?.ServiceUserName, `kept-at-${ACCOUNT}`);
    } finally {
      await second.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
