/**
 * The credential report's facts from the rest of the lab: the user's console password (its login profile, and
 * when the account's password policy makes it expire), MFA from the virtual MFA devices (a device enabled for
 * the user, or for the root), and signing certificates in the order they were uploaded (cert_1, cert_2).
 * Console sign-in is not emulated, so a password's last use stays `no_information` (credential-report.ts).
 */
import { rootArn } from '../../arn/arn.js';
import type { IamState } from '../iam/iam-state.js';
import { passwordExpiresAtMs } from '../iam/password-rules.js';
import type { MfaState } from '../mfa/mfa-state.js';
import type { CredentialFacts } from './credential-report.js';

export function labCredentialFacts(mfa: MfaState, iam: IamState): CredentialFacts {
  return {
    password: (account, user) => {
      const profile = iam.index.loginProfile(user.id);
      if (profile === undefined) return undefined;
      const nextRotationMs = passwordExpiresAtMs(iam.index.passwordPolicy(account), profile);
      return {
        changedMs: profile.passwordSetMs,
        ...(profile.passwordLastUsedMs === undefined || profile.passwordLastUsedMs === null ? {} : { lastUsedMs: profile.passwordLastUsedMs }),
        ...(nextRotationMs === undefined ? {} : { nextRotationMs }),
      };
    },
    mfaActive: (account, owner) =>
      mfa
        .devicesOf(account)
        .some(
          (device) =>
            device.assignment !== undefined &&
            (owner.type === 'root' ? device.assignment.userArn === rootArn(account) : device.assignment.userId === owner.user.id),
        ),
    signingCertificates: (account, owner) =>
      iam.index
        .all('signing-certificate', account)
        .filter((certificate) =>
          owner.type === 'root' ? certificate.owner.type === 'root' : certificate.owner.type === 'user' && certificate.owner.userId === owner.user.id,
        )
        .sort((a, b) => a.createdMs - b.createdMs)
        .map((certificate) => ({ active: certificate.status === 'Active', uploadedMs: certificate.createdMs })),
  };
}
