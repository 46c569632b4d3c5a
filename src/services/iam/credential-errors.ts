/**
 * The errors of server certificates, signing certificates, SSH public keys and service-specific credentials
 * (aws-behaviour.md §12.2), with AWS's codes and statuses from the model. Texts marked [R] were recorded from
 * AWS, [O] seen in AWS's answers quoted in public reports; [U] ones have no known AWS text and are worded as
 * IAM words its other errors. Do not "improve" the known texts: tools match them exactly.
 */
import { AwsError } from '../../errors/aws-error.js';

const error = (code: string, status: number, message: string): AwsError => new AwsError({ code, status, message });

/** [O: openshift/openshift-ansible#11214 (the error XML), go-acme/lego#304, vmware-archive/terraforming-aws#46] */
export const UNPARSABLE_CERTIFICATE = 'Unable to parse certificate. Please ensure the certificate is in PEM format.';

export const credentialErrors = {
  /** [R: LS-SNAP resource_providers test_server_certificate, February 2026] */
  noSuchServerCertificate: (name: string): AwsError => error('NoSuchEntity', 404, `The Server Certificate with name ${name} cannot be found.`),
  /** [O: hashicorp/terraform#10049] */
  serverCertificateExists: (name: string): AwsError => error('EntityAlreadyExists', 409, `The Server Certificate with name ${name} already exists.`),
  malformedCertificate: (message: string): AwsError => error('MalformedCertificate', 400, message),
  /**
   * [O: sparanoid's upload-server-certificate notes, go-acme/lego#304, mprahl/ansible-role-lets-encrypt-route-53#52]:
   * the index counts the certificate body as 0, so the chain's first certificate is 1.
   */
  invalidChain: (index: number): AwsError =>
    error(
      'MalformedCertificate',
      400,
      `Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${index}`,
    ),
  /** [U] the model's description of KeyPairMismatchException. */
  keyPairMismatch: (): AwsError => error('KeyPairMismatch', 400, 'The public key certificate and the private key do not match.'),
  /** [U] InvalidCertificate: a signing certificate that parses but is outside its validity period. */
  invalidCertificate: (message: string): AwsError => error('InvalidCertificate', 400, message),
  /** [U] */
  duplicateCertificate: (): AwsError => error('DuplicateCertificate', 409, 'The certificate is already associated with a user in this account.'),
  /** [U] */
  noSuchSigningCertificate: (id: string): AwsError => error('NoSuchEntity', 404, `The Certificate with id ${id} cannot be found.`),
  /** [O: the code and text, quoted by a CodeCommit user; U: which bodies get it] */
  unrecognizedPublicKeyEncoding: (): AwsError => error('UnrecognizedPublicKeyEncoding', 400, 'Invalid public key uploaded.'),
  /** [U] */
  invalidPublicKey: (message: string): AwsError => error('InvalidPublicKey', 400, message),
  /** [U] */
  duplicateSshPublicKey: (): AwsError => error('DuplicateSSHPublicKey', 400, 'The SSH public key is already associated with the specified IAM user.'),
  /** [U] */
  noSuchSshPublicKey: (id: string): AwsError => error('NoSuchEntity', 404, `The Public Key with id ${id} cannot be found.`),
  /** [R: LS-SNAP test_create_service_specific_credential_invalid_service, March 2025] — 404 NoSuchEntity, not NotSupportedService. */
  serviceNotSupported: (service: string): AwsError =>
    error('NoSuchEntity', 404, `No such service ${service} is supported for Service Specific Credentials`),
  /** [R: LS-SNAP test_user_match_id_mismatch, March 2025] */
  noSuchServiceCredential: (id: string): AwsError => error('NoSuchEntity', 404, `No such credential ${id} exists`),
};

/**
 * DeleteUser while the user holds a service-specific credential [R: LS-SNAP
 * test_delete_user_after_service_credential_created, March 2025]; [U] also for signing certificates and SSH keys.
 */
export const REFERENCED_OBJECTS_CONFLICT = 'Cannot delete entity, must remove referenced objects first.';

/**
 * A status an Update… may not set: the model's enum has `Expired`, which only IAM sets. The text access keys
 * answer (src/services/iam/ops/access-keys.ts) [U for these credentials].
 */
export function checkSettableStatus(status: string): AwsError | undefined {
  return status === 'Active' || status === 'Inactive'
    ? undefined
    : error(
        'ValidationError',
        400,
        `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`,
      );
}
