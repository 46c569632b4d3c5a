/**
 * The credential report's facts from the rest of the lab: MFA from the virtual MFA devices (a device enabled for
 * the user, or for the root). The lab keeps no console passwords (login profiles) and no signing certificates
 * yet, so those columns read `false` / `N/A` until it does (credential-report.ts).
 */
import { rootArn } from '../../arn/arn.js';
import type { MfaState } from '../mfa/mfa-state.js';
import { noCredentialFacts } from './credential-report.js';
import type { CredentialFacts } from './credential-report.js';

export function labCredentialFacts(mfa: MfaState): CredentialFacts {
  return {
    ...noCredentialFacts,
    mfaActive: (account, owner) =>
      mfa
        .devicesOf(account)
        .some(
          (device) =>
            device.assignment !== undefined &&
            (owner.type === 'root' ? device.assignment.userArn === rootArn(account) : device.assignment.userId === owner.user.id),
        ),
  };
}
