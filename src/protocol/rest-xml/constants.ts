/** Header names and content types of S3's responses (aws-behaviour.md §0.5, §5.2). */
export const S3_REQUEST_ID_HEADER = 'x-amz-request-id';
/** S3's "host id": SDKs surface it as `extendedRequestId`. */
export const S3_HOST_ID_HEADER = 'x-amz-id-2';
export const XML_CONTENT_TYPE = 'application/xml';
export const CONTENT_TYPE_HEADER = 'Content-Type';
