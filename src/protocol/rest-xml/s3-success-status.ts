/**
 * S3 operations whose success status is not the one botocore's model declares (it declares none for these,
 * so 200): S3 answers them 204 No Content (aws-behaviour.md §9.1, §9.4; recorded from AWS in LocalStack's
 * test_bucket_policy_crud and test_bucket_tagging_crud). SDKs accept either.
 */
export const S3_SUCCESS_STATUS: Readonly<Record<string, number>> = {
  PutBucketPolicy: 204,
  PutBucketTagging: 204,
};
