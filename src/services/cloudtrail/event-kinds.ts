/**
 * How CloudTrail classes an API call (aws-behaviour.md §13.6), by service and operation:
 * - read-only: calls that read and change nothing (`Get*`, `List*`, `Describe*`, `Head*`, `Lookup*`,
 *   `Simulate*`), and every STS call — AssumeRole is recorded `"readOnly": true` [O: an AssumeRole event of
 *   October 2025 in an AWS lab's CloudTrail export];
 * - management or data: S3's object-level calls and the listing of a bucket's contents are data events, which
 *   LookupEvents never returns [D: CloudTrail API reference, LookupEvents: "Looks up management events or
 *   CloudTrail Insights events"; CT-UG logging-data-events-with-cloudtrail]; every other call of the lab's is a
 *   management event;
 * - whether the answer is kept: `responseElements` is "present in events for actions that make changes"
 *   [D: CT-UG cloudtrail-event-reference-record-contents], and in STS's events for the calls that hand out
 *   credentials [D: IAM-UG cloudtrail-integration, the AssumeRole examples].
 */
const READ_ONLY_PREFIXES = ['Get', 'List', 'Describe', 'Head', 'Lookup', 'Simulate'];

/** S3's operations that CloudTrail logs as data events (object-level, and listing a bucket's contents). */
const S3_DATA_EVENTS: ReadonlySet<string> = new Set([
  'ListObjects',
  'ListObjectsV2',
  'ListObjectVersions',
  'ListMultipartUploads',
  'ListParts',
  'GetObject',
  'HeadObject',
  'PutObject',
  'CopyObject',
  'DeleteObject',
  'DeleteObjects',
  'GetObjectAcl',
  'PutObjectAcl',
  'GetObjectTagging',
  'PutObjectTagging',
  'DeleteObjectTagging',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
]);

/** STS calls whose answer CloudTrail records although they are read-only: those that issue credentials. */
const STS_ISSUING: ReadonlySet<string> = new Set([
  'AssumeRole',
  'AssumeRoleWithWebIdentity',
  'AssumeRoleWithSAML',
  'AssumeRoot',
  'GetSessionToken',
  'GetFederationToken',
]);

export function isReadOnlyCall(service: string, operation: string): boolean {
  return service === 'sts' || READ_ONLY_PREFIXES.some((prefix) => operation.startsWith(prefix));
}

export function isManagementCall(service: string, operation: string): boolean {
  return service !== 's3' || !S3_DATA_EVENTS.has(operation);
}

export function keepsResponse(service: string, operation: string): boolean {
  return service === 'sts' ? STS_ISSUING.has(operation) : !isReadOnlyCall(service, operation);
}
