/**
 * The MFA operations' errors with AWS's codes, statuses and texts. Sources (real AWS responses):
 * - `InvalidAuthenticationCode` 403 "Authentication code for device is not valid." — aws-behaviour.md §2.5;
 * - "The user with name … cannot be found.", "MFA Device with serial number … does not exist." (404),
 *   "MFA device already exists." and "MFA Device is already in use." (409): localstack's snapshot
 *   `tests/aws/services/iam/test_iam_mfa.snapshot.json`, recorded against AWS in February 2026. Older AWS
 *   output (a 2019 CloudTrail record quoted in public repositories, and the console) said "MFADevice entity
 *   at the same path and name already exists." for a duplicate name; the newer text wins here.
 * - "Invalid Marker." (400 ValidationError) for a marker IAM did not issue: the same snapshot.
 * Do not "improve" these texts: tools match them.
 */
import { AwsError } from '../../errors/aws-error.js';

const error = (code: string, status: number, message: string): AwsError => new AwsError({ code, status, message });

/** For a non-user caller that omitted UserName (the same text IAM uses for GetUser and access keys). */
const NON_USER_CREDENTIALS = 'Must specify userName when calling with non-User credentials';

/** Virtual MFA devices a user may have enabled at once (aws-behaviour.md §2.2, IAM quotas). */
export const MFA_DEVICES_PER_USER = 8;
/** Tags per IAM resource (aws-behaviour.md §2.2). */
export const MAX_TAGS = 50;

export const mfaErrors = {
  noSuchUser: (userName: string): AwsError => error('NoSuchEntity', 404, `The user with name ${userName} cannot be found.`),
  noSuchDevice: (serialNumber: string): AwsError => error('NoSuchEntity', 404, `MFA Device with serial number ${serialNumber} does not exist.`),
  deviceExists: (): AwsError => error('EntityAlreadyExists', 409, 'MFA device already exists.'),
  deviceInUse: (): AwsError => error('EntityAlreadyExists', 409, 'MFA Device is already in use.'),
  invalidCode: (): AwsError => error('InvalidAuthenticationCode', 403, 'Authentication code for device is not valid.'),
  /**
   * [U] AWS's text for deleting a device that is still enabled was not found in any observed output; this
   * follows the "Cannot delete entity, must … first." family IAM uses for its other DeleteConflicts (§2.1).
   */
  deleteConflict: (): AwsError => error('DeleteConflict', 409, 'Cannot delete entity, must deactivate MFA device first.'),
  /** [U] quota name not observed; the text follows IAM's "Cannot exceed quota for X: n" shape (§2.2). */
  tooManyDevices: (): AwsError => error('LimitExceeded', 409, `Cannot exceed quota for MFADevicesPerUser: ${MFA_DEVICES_PER_USER}`),
  /** AWS's text for an OIDC provider tagged past 50 [O: LS-SNAP]; [U] for MFA devices (aws-behaviour.md §10.9). */
  tooManyTags: (): AwsError => error('LimitExceeded', 409, 'The number of tags has reached the maximum limit.'),
  duplicateTagKeys: (): AwsError => error('InvalidInput', 400, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.'),
  invalidMarker: (): AwsError => error('ValidationError', 400, 'Invalid Marker.'),
  nonUserCredentials: (): AwsError => error('ValidationError', 400, NON_USER_CREDENTIALS),
};
