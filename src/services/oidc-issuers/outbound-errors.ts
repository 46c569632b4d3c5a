/**
 * The errors of outbound web identity federation (aws-federation.md §6): codes and statuses from the models;
 * the texts are the model descriptions shortened, as §6.1 recommends [U: AWS's texts were not recorded].
 */
import { AwsError } from '../../errors/aws-error.js';

const error = (code: string, status: number, message: string): AwsError => new AwsError({ code, status, message });

export const outboundErrors = {
  /** IAM EnableOutboundWebIdentityFederation when it is on already. */
  featureEnabled: (): AwsError => error('FeatureEnabled', 409, 'Outbound identity federation is already enabled for this account.'),
  /** IAM DisableOutboundWebIdentityFederation when it is off already. */
  alreadyDisabled: (): AwsError => error('FeatureDisabled', 404, 'Outbound identity federation is already disabled for this account.'),
  /** IAM GetOutboundWebIdentityFederationInfo for an account that never enabled it. */
  neverEnabled: (): AwsError => error('FeatureDisabled', 404, 'Outbound identity federation is not enabled for this account.'),
  /** STS GetWebIdentityToken while the feature is off. */
  disabled: (): AwsError =>
    error('OutboundWebIdentityFederationDisabledException', 403, 'The outbound web identity federation feature is not enabled for this account.'),
  sessionDurationEscalation: (): AwsError =>
    error('SessionDurationEscalationException', 403, 'The requested token duration would extend the session beyond its original expiration time.'),
  payloadTooLarge: (): AwsError =>
    error(
      'JWTPayloadSizeExceededException',
      400,
      'The requested token payload size exceeds the maximum allowed size. Reduce the number of request tags.',
    ),
};
