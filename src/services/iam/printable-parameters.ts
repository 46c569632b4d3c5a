/**
 * IAM's own check of the PEM and key texts it is given (the model's `[\u0009\u000A\u000D\u0020-\u00FF]+` of
 * `certificateBodyType`, `certificateChainType`, `privateKeyType` and `publicKeyMaterialType`, which the protocol
 * layer leaves to IAM, `src/protocol/service-checked-patterns.ts`): 400 `ValidationError` `The specified value for
 * privateKey is invalid. It must contain only printable ASCII characters.` [O: an UploadServerCertificate answer
 * quoted in a public gist, for a key file with a byte-order mark; U: the other members, named as Coral names
 * them], before any policy is evaluated (aws-behaviour.md §10.2, §12.2).
 */
import type { AwsError } from '../../errors/aws-error.js';
import { iamErrors } from './iam-errors.js';

const PRINTABLE = /^[\u0009\u000A\u000D\u0020-\u00FF]+$/;

const PRINTABLE_MEMBERS = ['CertificateBody', 'CertificateChain', 'PrivateKey', 'SSHPublicKeyBody'] as const;

type PrintableInput = Partial<Readonly<Record<(typeof PRINTABLE_MEMBERS)[number], string>>>;

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

export function checkPrintableParameters(input: PrintableInput): AwsError | undefined {
  for (const member of PRINTABLE_MEMBERS) {
    const value = input[member];
    if (value !== undefined && value !== '' && !PRINTABLE.test(value)) {
      return iamErrors.validation(`The specified value for ${lowerFirst(member)} is invalid. It must contain only printable ASCII characters.`);
    }
  }
  return undefined;
}
