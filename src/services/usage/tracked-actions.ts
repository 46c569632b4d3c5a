/**
 * Which actions access advisor reports one by one (ACTION_LEVEL jobs): those of EC2, IAM, Lambda and the S3
 * management actions — never S3's data events, never `iam:PassRole` [D: IAM-UG access_policies_access-advisor;
 * aws-iam-s3-more.md §A1.3].
 */
import type { CatalogAction } from '../service-catalog.js';

export const ACTION_TRACKED_SERVICES: ReadonlySet<string> = new Set(['ec2', 'iam', 'lambda', 's3']);

/**
 * S3's data events are its object-level actions, and [U] the listing of a bucket's objects, versions and uploads,
 * which CloudTrail logs as data events too.
 */
const S3_LISTING_DATA_EVENTS: ReadonlySet<string> = new Set([
  'ListBucket',
  'ListBucketVersions',
  'ListBucketMultipartUploads',
  'ListMultipartUploadParts',
]);

export function isTrackedAction(namespace: string, action: CatalogAction): boolean {
  switch (namespace) {
    case 's3':
      return !action.resourceTypes.includes('object') && !S3_LISTING_DATA_EVENTS.has(action.name);
    case 'iam':
      return action.name !== 'PassRole';
    default:
      return ACTION_TRACKED_SERVICES.has(namespace);
  }
}
