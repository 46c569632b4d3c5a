/**
 * Server certificates: UploadServerCertificate, GetServerCertificate, ListServerCertificates,
 * UpdateServerCertificate, DeleteServerCertificate (aws-behaviour.md §12.2; their tags are in `tags.ts`).
 * `arn:aws:iam::<account>:server-certificate<path><name>`, ids `ASCA…`, names unique in the account without
 * regard to case as other IAM names [U], at most 20 per account [D: IAM-UG reference_iam-quotas]. Nothing in the
 * lab uses a certificate (no ELB, no CloudFront), so DeleteServerCertificate never meets `DeleteConflict`.
 */
import { serverCertificateArn } from '../../../arn/arn.js';
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { ServiceContext } from '../../operation.js';
import { credentialErrors } from '../credential-errors.js';
import { checkPrintableParameters } from '../printable-parameters.js';
import { iamErrors } from '../iam-errors.js';
import { arnOf } from '../iam-index.js';
import { DEFAULT_PATH, requireServerCertificate } from '../lookup.js';
import { nameKey, paginate, sortByKey } from '../paginate.js';
import type { ServerCertificateRecord } from '../records.js';
import { entityArn, listArn } from '../resources.js';
import { checkServerCertificate } from '../server-certificate-check.js';
import { mergeTags } from '../tags.js';

const serverCertificateResource = (ctx: ServiceContext, name: string): string => entityArn(ctx, 'server-certificate', name);

/** Every answer carries all six members [R: LS-SNAP test_server_certificate, February 2026]. */
function metadataOut(certificate: ServerCertificateRecord): Iam.ServerCertificateMetadata {
  return {
    Path: certificate.path,
    ServerCertificateName: certificate.name,
    ServerCertificateId: certificate.id,
    Arn: arnOf(certificate),
    UploadDate: certificate.createdMs,
    Expiration: certificate.expirationMs,
  };
}

const uploadServerCertificate = defineOperation<Iam.UploadServerCertificateRequest, Iam.UploadServerCertificateResponse>({
  name: 'UploadServerCertificate',
  authorization: {
    kind: 'policy',
    action: 'iam:UploadServerCertificate',
    resources: (input, ctx) => [entityArn(ctx, 'server-certificate', input.ServerCertificateName, input.Path)],
  },
  validate: checkPrintableParameters,
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const name = input.ServerCertificateName;
      if (index.byName('server-certificate', ctx.account, name) !== undefined) throw credentialErrors.serverCertificateExists(name);
      const limit = ctx.iam.quotas.serverCertificatesPerAccount;
      if (index.count('server-certificate', ctx.account) >= limit) throw iamErrors.quota('ServerCertificatesPerAccount', limit);
      const checked = checkServerCertificate({ body: input.CertificateBody, privateKey: input.PrivateKey, chain: input.CertificateChain }, ctx.nowMs);
      const certificate: ServerCertificateRecord = {
        kind: 'server-certificate',
        account: ctx.account,
        id: ctx.ids.uniqueId('ASCA'),
        name,
        path: input.Path ?? DEFAULT_PATH,
        createdMs: ctx.nowMs,
        certificateBody: checked.body,
        certificateChain: checked.chain,
        expirationMs: checked.expirationMs,
        tags: mergeTags([], input.Tags ?? [], ctx.iam.quotas.tagsPerEntity, 'ServerCertificate'),
      };
      // `Tags` only when given, as CreateInstanceProfile [U].
      const tags = certificate.tags.length === 0 ? {} : { Tags: certificate.tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
      return { writes: [{ op: 'put', record: certificate }], result: { ServerCertificateMetadata: metadataOut(certificate), ...tags } };
    }, ctx.requestId),
});

const getServerCertificate = defineOperation<Iam.GetServerCertificateRequest, Iam.GetServerCertificateResponse>({
  name: 'GetServerCertificate',
  authorization: {
    kind: 'policy',
    action: 'iam:GetServerCertificate',
    resources: (input, ctx) => [serverCertificateResource(ctx, input.ServerCertificateName)],
  },
  handle: async (input, ctx) => {
    const certificate = requireServerCertificate(ctx.iam.index, ctx.account, input.ServerCertificateName);
    return {
      ServerCertificate: {
        ServerCertificateMetadata: metadataOut(certificate),
        CertificateBody: certificate.certificateBody,
        ...(certificate.certificateChain === null ? {} : { CertificateChain: certificate.certificateChain }),
        // Always, `<Tags/>` when there are none [R: LS-SNAP test_server_certificate].
        Tags: certificate.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
      },
    };
  },
});

const listServerCertificates = defineOperation<Iam.ListServerCertificatesRequest, Iam.ListServerCertificatesResponse>({
  name: 'ListServerCertificates',
  authorization: {
    kind: 'policy',
    action: 'iam:ListServerCertificates',
    // No resource type in the Service Authorization Reference; named as the other lists name theirs [U].
    resources: (input, ctx) => [listArn(ctx, 'server-certificate', input.PathPrefix)],
  },
  handle: async (input, ctx) => {
    const prefix = input.PathPrefix ?? DEFAULT_PATH;
    const certificates = sortByKey(
      ctx.iam.index.all('server-certificate', ctx.account).filter((c) => c.path.startsWith(prefix)),
      nameKey,
    );
    const page = paginate(certificates, nameKey, input.Marker, input.MaxItems);
    return { ServerCertificateMetadataList: page.items.map(metadataOut), ...page.info };
  },
});

/**
 * "The principal must have permission to change the server certificate with the old name and the new name"
 * [V: the model's documentation of UpdateServerCertificate]: both ARNs are authorized.
 */
const updateServerCertificate = defineOperation<Iam.UpdateServerCertificateRequest, Record<string, never>>({
  name: 'UpdateServerCertificate',
  authorization: {
    kind: 'policy',
    action: 'iam:UpdateServerCertificate',
    resources: (input, ctx) => {
      const current = ctx.iam.index.byName('server-certificate', ctx.account, input.ServerCertificateName);
      const old = serverCertificateResource(ctx, input.ServerCertificateName);
      if (input.NewServerCertificateName === undefined && input.NewPath === undefined) return [old];
      // Built, not looked up: the new name may be the old one's, under a new path.
      const renamed = serverCertificateArn(
        ctx.account,
        input.NewPath ?? current?.path ?? DEFAULT_PATH,
        input.NewServerCertificateName ?? current?.name ?? input.ServerCertificateName,
      );
      return renamed === old ? [old] : [old, renamed];
    },
  },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const certificate = requireServerCertificate(index, ctx.account, input.ServerCertificateName);
      const name = input.NewServerCertificateName ?? certificate.name;
      const clash = index.byName('server-certificate', ctx.account, name);
      if (clash !== undefined && clash.id !== certificate.id) throw credentialErrors.serverCertificateExists(name);
      const updated: ServerCertificateRecord = { ...certificate, name, path: input.NewPath ?? certificate.path };
      return { writes: [{ op: 'put', record: updated }], result: {} };
    }, ctx.requestId),
});

const deleteServerCertificate = defineOperation<Iam.DeleteServerCertificateRequest, Record<string, never>>({
  name: 'DeleteServerCertificate',
  authorization: {
    kind: 'policy',
    action: 'iam:DeleteServerCertificate',
    resources: (input, ctx) => [serverCertificateResource(ctx, input.ServerCertificateName)],
  },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const certificate = requireServerCertificate(index, ctx.account, input.ServerCertificateName);
      return { writes: [{ op: 'delete', record: certificate }], result: {} };
    }, ctx.requestId),
});

export const serverCertificateOperations = [
  uploadServerCertificate,
  getServerCertificate,
  listServerCertificates,
  updateServerCertificate,
  deleteServerCertificate,
];
