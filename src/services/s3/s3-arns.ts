/** S3 ARNs have empty region and account fields (aws-behaviour.md §5.6). */
export const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;
export const objectArn = (bucket: string, key: string): string => `arn:aws:s3:::${bucket}/${key}`;
