/**
 * The errors of IAM's usage answers, with the codes and statuses of IAM's model (aws-iam-s3-more.md §A1.2,
 * §A1.3, §A3.10). Where no answer of AWS is recorded the text is the model's description of the error [U].
 */
import { AwsError } from '../../errors/aws-error.js';

const error = (code: string, status: number, message: string): AwsError => new AwsError({ code, status, message });

export const usageErrors = {
  /**
   * Seen without a message: botocore prints `Unknown`, Go `ReportNotPresent: ` [O: prowler#272,
   * steampipe-plugin-aws#509]; an empty message is left out of the envelope (serialize-error.ts).
   */
  reportNotPresent: (): AwsError => error('ReportNotPresent', 410, ''),
  reportExpired: (): AwsError =>
    error(
      'ReportExpired',
      410,
      'The request was rejected because the most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.',
    ),
  /** 404, as the model declares it. */
  reportInProgress: (): AwsError =>
    error('ReportInProgress', 404, 'The request was rejected because the credential report is still being generated.'),
  /** [U] no recorded text; worded as IAM's other id lookups (`The Access Key with id … cannot be found.`). */
  noSuchJob: (jobId: string): AwsError => error('NoSuchEntity', 404, `The job with id ${jobId} cannot be found.`),
  /**
   * GetAccessKeyLastUsed of a key the caller's account does not hold: the model declares no error [V], and a
   * clone of IAM answers 403 AccessDenied naming the key [O: ctyun OOS IAM, which copies AWS's answers; U].
   */
  keyNotInAccount: (callerArn: string, accessKeyId: string): AwsError =>
    error('AccessDenied', 403, `User: ${callerArn} is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${accessKeyId}`),
};
