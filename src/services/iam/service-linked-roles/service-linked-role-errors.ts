/**
 * The errors of service-linked roles (aws-iam-s3-more.md §A3.6, aws-behaviour.md §12.4). Recorded texts are AWS's
 * verbatim; the others are marked [U] and follow the most likely form (where aws-iam-s3-more.md gives one) or
 * Cedar's guide.
 */
import { AwsError } from '../../../errors/aws-error.js';
import { iamErrors } from '../iam-errors.js';

export const serviceLinkedRoleErrors = {
  /** [U] text: aws-iam-s3-more.md §A3.6 gives it as the most likely form. */
  unknownService: (principal: string): AwsError => iamErrors.invalidInput(`Unrecognized service principal: ${principal}`),
  /** [R: LS-IAM test_service_role_lifecycle_custom_suffix_not_allowed, 68 services]. */
  suffixNotAllowed: (principal: string): AwsError => iamErrors.invalidInput(`Custom suffix is not allowed for ${principal}`),
  /** [R: LS-IAM test_service_role_already_exists; O: many public reports]. */
  nameTaken: (roleName: string): AwsError =>
    iamErrors.invalidInput(`Service role name ${roleName} has been taken in this account, please try a different suffix.`),
  /** [U] code (aws-iam-s3-more.md §A3.6) and text. */
  notServiceLinked: (roleName: string): AwsError => iamErrors.invalidInput(`role \`${roleName}\` is not a service-linked role`),
  /** [U] code (the model declares InvalidInput) and text. */
  invalidTaskId: (taskId: string): AwsError =>
    iamErrors.invalidInput(`deletion task id \`${taskId}\` is not of the form task/aws-service-role/<service principal>/<role name>/<id>`),
  /** [U] code (the model declares NoSuchEntity) and text. */
  noSuchTask: (taskId: string): AwsError => iamErrors.noSuchEntity(`the deletion task \`${taskId}\` cannot be found`),
  /**
   * A change to a service-linked role [O: DetachRolePolicy, DeleteRolePolicy answers quoted in gruntwork-io/cloud-nuke#880
   * (2025) and rebuy-de/aws-nuke#331; the same text for IAM Identity Center's roles in rebuy-de/aws-nuke#1028].
   */
  protectedRole: (roleName: string): AwsError =>
    iamErrors.unmodifiable(`Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`),
  /** CreateRole under the reserved path [O: tilfin/aws-iam-policy-tool#9]. */
  reservedPath: (): AwsError => iamErrors.invalidInput("Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles"),
  /** An AWS service-role policy attached to an ordinary role [O: PolicyNotAttachable quoted from Terraform in public repositories]. */
  serviceRolePolicy: (): AwsError =>
    new AwsError({ code: 'PolicyNotAttachable', status: 400, message: 'Cannot attach a Service Role Policy to a Customer Role.' }),
};
