/**
 * Signing certificates and SSH public keys as AWS answers them (aws-behaviour.md §12.2), through the JS SDK:
 * ids, statuses, quotas, duplicates, the root's own certificates, the two encodings of a key, and DeleteUser
 * refusing while a user holds any of them.
 */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  GetAccountSummaryCommand,
  GetSSHPublicKeyCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { failure, startIamLab } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';
import { certificatePem, pem, rsaKeyPair, selfSigned, sshRsaLine } from './test-certificates.js';

const DAY_MS = 86_400_000;

/** `ssh-keygen -E md5`'s fingerprint of an `ssh-rsa` line, computed here from the line's blob. */
const md5Fingerprint = (line: string): string =>
  (
    createHash('md5')
      .update(Buffer.from(line.split(' ')[1] ?? '', 'base64'))
      .digest('hex')
      .match(/../g) ?? []
  ).join(':');

describe('signing certificates', () => {
  let l: IamLab;
  let iam: IAMClient;
  let now: number;

  before(async () => {
    l = await startIamLab();
    iam = l.iam;
    now = l.lab.clock.now();
    await iam.send(new CreateUserCommand({ UserName: 'signer' }));
    await iam.send(new CreateUserCommand({ UserName: 'other' }));
  });
  after(async () => {
    await l.dispose();
  });

  it('UploadSigningCertificate: Active, a 32-character base32 id, the body without surrounding whitespace', async () => {
    const { certificate } = selfSigned(now, 'signer');
    const uploaded = await iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: `\n${certificate}\n` }));
    const c = uploaded.Certificate;
    assert.equal(c?.UserName, 'signer');
    assert.match(c?.CertificateId ?? '', /^[A-Z2-7]{32}$/);
    assert.equal(c?.CertificateBody, certificate.trim());
    assert.equal(c?.Status, 'Active');
    assert.equal(c?.UploadDate?.getTime(), Math.floor(l.lab.clock.now() / 1000) * 1000);
    const listed = await iam.send(new ListSigningCertificatesCommand({ UserName: 'signer' }));
    assert.deepEqual(listed.Certificates, [c]);
    assert.equal(listed.IsTruncated, false);

    await iam.send(new UpdateSigningCertificateCommand({ UserName: 'signer', CertificateId: c?.CertificateId, Status: 'Inactive' }));
    assert.equal((await iam.send(new ListSigningCertificatesCommand({ UserName: 'signer' }))).Certificates?.[0]?.Status, 'Inactive');

    // The same certificate on another user of the account.
    assert.deepEqual(await failure(() => iam.send(new UploadSigningCertificateCommand({ UserName: 'other', CertificateBody: certificate }))), {
      code: 'DuplicateCertificate',
      status: 409,
      message: 'The certificate is already associated with a user in this account.',
    });
  });

  it('two per user; unknown ids, malformed and expired certificates get IAM errors', async () => {
    await iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: selfSigned(now, 'second').certificate }));
    assert.deepEqual(
      await failure(() =>
        iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: selfSigned(now, 'third').certificate })),
      ),
      { code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for SigningCertificatesPerUser: 2' },
    );
    assert.deepEqual(await failure(() => iam.send(new UploadSigningCertificateCommand({ UserName: 'other', CertificateBody: 'certificate.pem' }))), {
      code: 'MalformedCertificate',
      status: 400,
      message: 'Unable to parse certificate. Please ensure the certificate is in PEM format.',
    });
    const keys = rsaKeyPair();
    const expired = certificatePem({ commonName: 'old', subject: keys, notBeforeMs: now - 10 * DAY_MS, notAfterMs: now - DAY_MS });
    assert.deepEqual(await failure(() => iam.send(new UploadSigningCertificateCommand({ UserName: 'other', CertificateBody: expired }))), {
      code: 'InvalidCertificate',
      status: 400,
      message: 'The certificate has expired.',
    });
    const unknown = 'A'.repeat(32);
    assert.deepEqual(await failure(() => iam.send(new DeleteSigningCertificateCommand({ UserName: 'other', CertificateId: unknown }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: `The Certificate with id ${unknown} cannot be found.`,
    });
    const id = (await iam.send(new ListSigningCertificatesCommand({ UserName: 'signer' }))).Certificates?.[0]?.CertificateId;
    // Another user's certificate is as unknown.
    assert.equal((await failure(() => iam.send(new DeleteSigningCertificateCommand({ UserName: 'other', CertificateId: id })))).code, 'NoSuchEntity');
    assert.deepEqual(
      await failure(() => iam.send(new UpdateSigningCertificateCommand({ UserName: 'signer', CertificateId: id, Status: 'Expired' }))),
      {
        code: 'ValidationError',
        status: 400,
        message:
          "1 validation error detected: Value 'Expired' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]",
      },
    );
  });

  it("without UserName they are the caller's own: the root's carry no UserName and show in GetAccountSummary", async () => {
    const summary = async (): Promise<number | undefined> =>
      (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.['AccountSigningCertificatesPresent'];
    assert.equal(await summary(), 0);
    const uploaded = await iam.send(new UploadSigningCertificateCommand({ CertificateBody: selfSigned(now, 'root').certificate }));
    assert.equal(uploaded.Certificate?.UserName, undefined);
    assert.deepEqual(
      (await iam.send(new ListSigningCertificatesCommand({}))).Certificates?.map((c) => c.CertificateId),
      [uploaded.Certificate?.CertificateId],
    );
    assert.equal(await summary(), 1);
    await iam.send(new DeleteSigningCertificateCommand({ CertificateId: uploaded.Certificate?.CertificateId }));
    assert.equal(await summary(), 0);
  });
});

describe('SSH public keys', () => {
  let l: IamLab;
  let iam: IAMClient;

  before(async () => {
    l = await startIamLab();
    iam = l.iam;
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
  });
  after(async () => {
    await l.dispose();
  });

  it('an ssh-rsa line: APKA id, MD5 fingerprint, the body as uploaded, and the PEM form on request', async () => {
    const keys = rsaKeyPair();
    const line = sshRsaLine(keys);
    const uploaded = await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: `${line}\n` }));
    const key = uploaded.SSHPublicKey;
    assert.match(key?.SSHPublicKeyId ?? '', /^APKA[A-Z2-7]{17}$/);
    assert.equal(key?.Fingerprint, md5Fingerprint(line));
    assert.equal(key?.SSHPublicKeyBody, line);
    assert.deepEqual([key?.UserName, key?.Status], ['dev', 'Active']);

    const asSsh = await iam.send(new GetSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: key?.SSHPublicKeyId, Encoding: 'SSH' }));
    assert.deepEqual(asSsh.SSHPublicKey, key);
    const asPem = await iam.send(new GetSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: key?.SSHPublicKeyId, Encoding: 'PEM' }));
    assert.equal(asPem.SSHPublicKey?.SSHPublicKeyBody, keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    assert.equal(asPem.SSHPublicKey?.Fingerprint, key?.Fingerprint);
  });

  it('a PEM key (SubjectPublicKeyInfo or PKCS#1) is taken, and shown as ssh-rsa on request', async () => {
    const keys = rsaKeyPair(3072);
    const spki = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const uploaded = await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: spki }));
    assert.equal(uploaded.SSHPublicKey?.SSHPublicKeyBody, spki.trim());
    const asSsh = await iam.send(
      new GetSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: uploaded.SSHPublicKey?.SSHPublicKeyId, Encoding: 'SSH' }),
    );
    assert.equal(asSsh.SSHPublicKey?.SSHPublicKeyBody, sshRsaLine(keys, ''));
    assert.equal(uploaded.SSHPublicKey?.Fingerprint, md5Fingerprint(sshRsaLine(keys)));

    const pkcs1 = rsaKeyPair().publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    assert.match(pkcs1, /BEGIN RSA PUBLIC KEY/);
    await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: pkcs1 }));
  });

  it('duplicates, small keys, other key types and text that is no key are refused', async () => {
    const keys = rsaKeyPair();
    await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: sshRsaLine(keys, 'first') }));
    // The same key with another comment is the same key.
    assert.deepEqual(await failure(() => iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: sshRsaLine(keys, 'again') }))), {
      code: 'DuplicateSSHPublicKey',
      status: 400,
      message: 'The SSH public key is already associated with the specified IAM user.',
    });
    assert.deepEqual(
      await failure(() => iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: sshRsaLine(rsaKeyPair(1024)) }))),
      {
        code: 'InvalidPublicKey',
        status: 400,
        message: 'The public key must be between 2048 and 16384 bits long.',
      },
    );
    const unrecognized = { code: 'UnrecognizedPublicKeyEncoding', status: 400, message: 'Invalid public key uploaded.' };
    const ed25519 = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x ?? '';
    const edBlob = Buffer.concat([
      Buffer.from([0, 0, 0, 11]),
      Buffer.from('ssh-ed25519'),
      Buffer.from([0, 0, 0, 32]),
      Buffer.from(ed25519, 'base64url'),
    ]);
    assert.deepEqual(
      await failure(() =>
        iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: `ssh-ed25519 ${edBlob.toString('base64')} me@host` })),
      ),
      unrecognized,
    );
    const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    assert.deepEqual(await failure(() => iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: ecPem }))), unrecognized);
    assert.deepEqual(await failure(() => iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: 'sshkey.pub' }))), unrecognized);
    assert.equal(
      (await failure(() => iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB' })))).code,
      'InvalidPublicKey',
    );
    assert.equal(
      (
        await failure(() =>
          iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: pem('PUBLIC KEY', Buffer.from('not a key')) })),
        )
      ).code,
      'InvalidPublicKey',
    );
    assert.deepEqual(await failure(() => iam.send(new UploadSSHPublicKeyCommand({ UserName: 'nobody', SSHPublicKeyBody: sshRsaLine(keys) }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user with name nobody cannot be found.',
    });
  });

  it('five per user; ListSSHPublicKeys has no bodies; Update and Delete', async () => {
    const listed = async (): Promise<{ id: string; status: string }[]> =>
      ((await iam.send(new ListSSHPublicKeysCommand({ UserName: 'dev' }))).SSHPublicKeys ?? []).map((k) => {
        assert.deepEqual(Object.keys(k).sort(), ['SSHPublicKeyId', 'Status', 'UploadDate', 'UserName']);
        return { id: k.SSHPublicKeyId ?? '', status: k.Status ?? '' };
      });
    while ((await listed()).length < 5)
      await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: sshRsaLine(rsaKeyPair()) }));
    assert.deepEqual(await failure(() => iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: sshRsaLine(rsaKeyPair()) }))), {
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for SSHPublicKeysPerUser: 5',
    });
    const [first] = await listed();
    await iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: first?.id, Status: 'Inactive' }));
    assert.equal((await listed())[0]?.status, 'Inactive');
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: first?.id }));
    assert.equal((await listed()).length, 4);
    assert.deepEqual(await failure(() => iam.send(new GetSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: first?.id, Encoding: 'SSH' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: `The Public Key with id ${first?.id ?? ''} cannot be found.`,
    });
  });
});

describe('DeleteUser and the credentials a user holds', () => {
  it("refuses with AWS's DeleteConflict while a signing certificate, an SSH key or a service-specific credential remains", async () => {
    const l = await startIamLab();
    try {
      const { iam } = l;
      const now = l.lab.clock.now();
      const conflict = { code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must remove referenced objects first.' };
      await iam.send(new CreateUserCommand({ UserName: 'holder' }));
      const signing = await iam.send(new UploadSigningCertificateCommand({ UserName: 'holder', CertificateBody: selfSigned(now).certificate }));
      const ssh = await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'holder', SSHPublicKeyBody: sshRsaLine(rsaKeyPair()) }));
      const credential = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'holder', ServiceName: 'cassandra.amazonaws.com' }));
      assert.deepEqual(await failure(() => iam.send(new DeleteUserCommand({ UserName: 'holder' }))), conflict);
      await iam.send(new DeleteSigningCertificateCommand({ UserName: 'holder', CertificateId: signing.Certificate?.CertificateId }));
      assert.deepEqual(await failure(() => iam.send(new DeleteUserCommand({ UserName: 'holder' }))), conflict);
      await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'holder', SSHPublicKeyId: ssh.SSHPublicKey?.SSHPublicKeyId }));
      assert.deepEqual(await failure(() => iam.send(new DeleteUserCommand({ UserName: 'holder' }))), conflict);
      await iam.send(
        new DeleteServiceSpecificCredentialCommand({
          UserName: 'holder',
          ServiceSpecificCredentialId: credential.ServiceSpecificCredential?.ServiceSpecificCredentialId,
        }),
      );
      await iam.send(new DeleteUserCommand({ UserName: 'holder' }));
    } finally {
      await l.dispose();
    }
  });
});
