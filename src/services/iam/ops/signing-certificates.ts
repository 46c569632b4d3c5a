/**
 * X.509 signing certificates: UploadSigningCertificate, ListSigningCertificates, UpdateSigningCertificate,
 * DeleteSigningCertificate (aws-behaviour.md §12.2). Without UserName they act on the caller, the root included
 * [V: the model's documentation]. At most 2 per user [D: IAM-UG reference_iam-quotas]; one certificate belongs to
 * at most one user of the account (`DuplicateCertificate`, 409). The id is 32 characters of RFC 4648 base32, a
 * SHA-1 digest's length [U: AWS's examples, `TA7SMP42TDN5Z26OBPJE7EXAMPLE`, use only `A–Z2–7` and are that long
 * once `EXAMPLE` replaces the end]: here the digest of the account and the certificate, so that a certificate
 * has one id in its account (which finds duplicates) and ids stay unique across accounts.
 */
import { createHash } from 'node:crypto';
import type * as Iam from '../../../protocol/models/iam.js';
import { sortableNumber } from '../../../store/repos/collections.js';
import { defineOperation } from '../../operation.js';
import type { ServiceContext } from '../../operation.js';
import { UNPARSABLE_CERTIFICATE, checkSettableStatus, credentialErrors } from '../credential-errors.js';
import { iamErrors } from '../iam-errors.js';
import type { IamIndex } from '../iam-index.js';
import { subjectOf } from '../lookup.js';
import type { Subject } from '../lookup.js';
import { paginate } from '../paginate.js';
import { checkPrintableParameters } from '../printable-parameters.js';
import type { SigningCertificateOwner, SigningCertificateRecord } from '../records.js';
import { keyOwnerArn } from '../resources.js';
import { parsePemCertificate } from '../server-certificate-check.js';
import { validityOf } from '../x509-validity.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + BASE32[(value << (5 - bits)) & 31] : out;
}

const ownerOf = (subject: Subject): SigningCertificateOwner =>
  subject.type === 'root' ? { type: 'root' } : { type: 'user', userId: subject.user.id };

const sameOwner = (a: SigningCertificateOwner, b: SigningCertificateOwner): boolean =>
  a.type === b.type && (a.type === 'root' || (b.type === 'user' && a.userId === b.userId));

const certificateOrder = (certificate: SigningCertificateRecord): string => `${sortableNumber(certificate.createdMs)}-${certificate.id}`;

function certificatesOf(index: IamIndex, account: string, owner: SigningCertificateOwner): SigningCertificateRecord[] {
  return index
    .all('signing-certificate', account)
    .filter((c) => sameOwner(c.owner, owner))
    .sort((a, b) => (certificateOrder(a) < certificateOrder(b) ? -1 : 1));
}

function requireCertificate(ctx: ServiceContext, index: IamIndex, userName: string | undefined, id: string): SigningCertificateRecord {
  const owner = ownerOf(subjectOf(ctx, index, userName));
  const certificate = index.get('signing-certificate', id);
  if (certificate === undefined || certificate.account !== ctx.account || !sameOwner(certificate.owner, owner)) {
    throw credentialErrors.noSuchSigningCertificate(id);
  }
  return certificate;
}

/** The root's certificates carry no UserName, as its access keys (aws-behaviour.md §2.3). */
function certificateOut(index: IamIndex, certificate: SigningCertificateRecord): Iam.SigningCertificate {
  const user = certificate.owner.type === 'user' ? index.get('user', certificate.owner.userId) : undefined;
  return {
    ...(user === undefined ? {} : { UserName: user.name }),
    CertificateId: certificate.id,
    CertificateBody: certificate.certificateBody,
    Status: certificate.status,
    UploadDate: certificate.createdMs,
  } as Iam.SigningCertificate;
}

const uploadSigningCertificate = defineOperation<Iam.UploadSigningCertificateRequest, Iam.UploadSigningCertificateResponse>({
  name: 'UploadSigningCertificate',
  authorization: { kind: 'policy', action: 'iam:UploadSigningCertificate', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  validate: checkPrintableParameters,
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const owner = ownerOf(subjectOf(ctx, index, input.UserName));
      const body = input.CertificateBody.trim();
      const parsed = parsePemCertificate(body);
      const validity = parsed === undefined ? undefined : validityOf(parsed);
      if (parsed === undefined || validity === undefined) throw credentialErrors.malformedCertificate(UNPARSABLE_CERTIFICATE);
      if (ctx.nowMs > validity.notAfterMs) throw credentialErrors.invalidCertificate('The certificate has expired.');
      if (ctx.nowMs < validity.notBeforeMs) throw credentialErrors.invalidCertificate('The certificate is not yet valid.');
      const id = base32(createHash('sha1').update(ctx.account).update(parsed.raw).digest());
      if (index.get('signing-certificate', id) !== undefined) throw credentialErrors.duplicateCertificate();
      const limit = ctx.iam.quotas.signingCertificatesPerUser;
      if (certificatesOf(index, ctx.account, owner).length >= limit) throw iamErrors.quota('SigningCertificatesPerUser', limit);
      const certificate: SigningCertificateRecord = {
        kind: 'signing-certificate',
        account: ctx.account,
        id,
        name: id,
        owner,
        certificateBody: body,
        status: 'Active',
        createdMs: ctx.nowMs,
      };
      return { writes: [{ op: 'put', record: certificate }], result: { Certificate: certificateOut(index, certificate) } };
    }, ctx.requestId),
});

const listSigningCertificates = defineOperation<Iam.ListSigningCertificatesRequest, Iam.ListSigningCertificatesResponse>({
  name: 'ListSigningCertificates',
  authorization: { kind: 'policy', action: 'iam:ListSigningCertificates', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  handle: async (input, ctx) => {
    const { index } = ctx.iam;
    const certificates = certificatesOf(index, ctx.account, ownerOf(subjectOf(ctx, index, input.UserName)));
    const page = paginate(certificates, certificateOrder, input.Marker, input.MaxItems);
    return { Certificates: page.items.map((c) => certificateOut(index, c)), ...page.info };
  },
});

const updateSigningCertificate = defineOperation<Iam.UpdateSigningCertificateRequest, Record<string, never>>({
  name: 'UpdateSigningCertificate',
  authorization: { kind: 'policy', action: 'iam:UpdateSigningCertificate', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const certificate = requireCertificate(ctx, index, input.UserName, input.CertificateId);
      const invalid = checkSettableStatus(input.Status);
      if (invalid !== undefined) throw invalid;
      const updated: SigningCertificateRecord = { ...certificate, status: input.Status === 'Active' ? 'Active' : 'Inactive' };
      return { writes: [{ op: 'put', record: updated }], result: {} };
    }, ctx.requestId),
});

const deleteSigningCertificate = defineOperation<Iam.DeleteSigningCertificateRequest, Record<string, never>>({
  name: 'DeleteSigningCertificate',
  authorization: { kind: 'policy', action: 'iam:DeleteSigningCertificate', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const certificate = requireCertificate(ctx, index, input.UserName, input.CertificateId);
      return { writes: [{ op: 'delete', record: certificate }], result: {} };
    }, ctx.requestId),
});

export const signingCertificateOperations = [uploadSigningCertificate, listSigningCertificates, updateSigningCertificate, deleteSigningCertificate];
