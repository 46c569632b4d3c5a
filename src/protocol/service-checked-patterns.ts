/**
 * Model patterns a service checks itself, with its own text, instead of reporting them as Coral errors.
 * IAM answers a `Path` or `NewPath` that breaks `pathType`'s pattern with 400 `ValidationError` `The specified
 * value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or /
 * characters.`, while a path over 512 characters is still the Coral length error [O: LS-SNAP
 * `test_virtual_mfa_device_errors`, February 2026; U: for the operations other than CreateVirtualMFADevice]
 * (aws-behaviour.md §10.10). The service's own check is `src/services/iam/path-parameters.ts`. Likewise an
 * `AccountAlias` outside `accountAliasType`'s pattern: `The specified value for accountAlias is invalid. …`
 * [O: app-sre/qontract-schemas#824], checked in `src/services/iam/ops/account-aliases.ts` (aws-behaviour.md §12.1).
 * The PEM and key texts of certificates and SSH keys are IAM's too (`src/services/iam/printable-parameters.ts`, §12.2).
 */
import type { PathSegment } from './input-issue.js';

const SERVICE_CHECKED: Readonly<Record<string, ReadonlyMap<string, ReadonlySet<string>>>> = {
  IAM: new Map([
    ['pathType', new Set(['Path', 'NewPath'])],
    ['accountAliasType', new Set(['AccountAlias'])],
    // The PEM and key texts: IAM's own text too (src/services/iam/printable-parameters.ts, aws-behaviour.md §12.2).
    ['certificateBodyType', new Set(['CertificateBody'])],
    ['certificateChainType', new Set(['CertificateChain'])],
    ['privateKeyType', new Set(['PrivateKey'])],
    ['publicKeyMaterialType', new Set(['SSHPublicKeyBody'])],
  ]),
};

/** Whether the pattern of the shape `shapeName`, reached at `path`, is left to the service `serviceId`. */
export function isServiceCheckedPattern(serviceId: string, shapeName: string | undefined, path: readonly PathSegment[]): boolean {
  const members = shapeName === undefined ? undefined : SERVICE_CHECKED[serviceId]?.get(shapeName);
  const last = path[path.length - 1];
  return members !== undefined && last?.kind === 'member' && members.has(last.name);
}
