/**
 * The root element of each S3 XML response without a payload member. The botocore model does not name
 * them (SDKs ignore the root's name), but S3 does, and tools that read raw responses expect these
 * (S3-API reference, "Response Syntax" of each operation; aws-behaviour.md §5.2). `text` marks the one
 * response whose root holds a value instead of elements: GetBucketLocation's
 * `<LocationConstraint xmlns="…">eu-west-1</LocationConstraint>` (empty for us-east-1).
 */
export interface RootElement {
  readonly name: string;
  /** The member written as the root's text. */
  readonly text?: string;
}

export const S3_ROOT_ELEMENTS: Readonly<Record<string, RootElement>> = {
  ListBuckets: { name: 'ListAllMyBucketsResult' },
  GetBucketLocation: { name: 'LocationConstraint', text: 'LocationConstraint' },
  ListObjectsV2: { name: 'ListBucketResult' },
  ListObjects: { name: 'ListBucketResult' },
  DeleteObjects: { name: 'DeleteResult' },
  CreateMultipartUpload: { name: 'InitiateMultipartUploadResult' },
  CompleteMultipartUpload: { name: 'CompleteMultipartUploadResult' },
  ListMultipartUploads: { name: 'ListMultipartUploadsResult' },
  ListParts: { name: 'ListPartsResult' },
  GetObjectTagging: { name: 'Tagging' },
  GetBucketTagging: { name: 'Tagging' },
  GetBucketCors: { name: 'CORSConfiguration' },
  GetBucketLifecycleConfiguration: { name: 'LifecycleConfiguration' },
  GetBucketWebsite: { name: 'WebsiteConfiguration' },
  GetBucketLogging: { name: 'BucketLoggingStatus' },
  GetBucketNotificationConfiguration: { name: 'NotificationConfiguration' },
  GetBucketAccelerateConfiguration: { name: 'AccelerateConfiguration' },
  GetBucketRequestPayment: { name: 'RequestPaymentConfiguration' },
  GetBucketVersioning: { name: 'VersioningConfiguration' },
  ListObjectVersions: { name: 'ListVersionsResult' },
  ListBucketAnalyticsConfigurations: { name: 'ListBucketAnalyticsConfigurationResult' },
  ListBucketMetricsConfigurations: { name: 'ListMetricsConfigurationsResult' },
  ListBucketInventoryConfigurations: { name: 'ListInventoryConfigurationsResult' },
  ListBucketIntelligentTieringConfigurations: { name: 'ListBucketIntelligentTieringConfigurationsOutput' },
};
