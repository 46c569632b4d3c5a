/** S3's client errors: codes, statuses, messages and extra elements (aws-behaviour.md §5.2, §5.5). */
import { AwsError } from '../../errors/aws-error.js';

type Extra = readonly (readonly [string, string])[];

const err = (code: string, status: number, message: string, extra: Extra = [], headers: Extra = []): AwsError =>
  new AwsError({ code, status, message, extra, headers });

export const s3Errors = {
  noSuchBucket: (bucket: string) => err('NoSuchBucket', 404, 'The specified bucket does not exist', [['BucketName', bucket]]),
  noSuchKey: (key: string) => err('NoSuchKey', 404, 'The specified key does not exist.', [['Key', key]]),
  /** A read of a key whose latest version is a delete marker (aws-behaviour.md §9.5). */
  noSuchKeyDeleteMarker: (key: string, versionId: string) =>
    err(
      'NoSuchKey',
      404,
      'The specified key does not exist.',
      [['Key', key]],
      [
        ['x-amz-delete-marker', 'true'],
        ['x-amz-version-id', versionId],
      ],
    ),
  noSuchVersion: (key: string, versionId: string) =>
    err('NoSuchVersion', 404, 'The specified version does not exist.', [
      ['Key', key],
      ['VersionId', versionId],
    ]),
  /** A delete marker named where an object is needed (§9.5): 405 with `<Method>` and `<ResourceType>`. */
  methodNotAllowed: (method: string, versionId: string) =>
    err(
      'MethodNotAllowed',
      405,
      'The specified method is not allowed against this resource.',
      [
        ['Method', method],
        ['ResourceType', 'DeleteMarker'],
      ],
      [
        ['x-amz-delete-marker', 'true'],
        ['x-amz-version-id', versionId],
      ],
    ),
  illegalVersioningConfiguration: () => err('IllegalVersioningConfigurationException', 400, 'The Versioning element must be specified'),
  noSuchUpload: (uploadId: string) =>
    err('NoSuchUpload', 404, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', [
      ['UploadId', uploadId],
    ]),
  noSuchBucketPolicy: (bucket: string) => err('NoSuchBucketPolicy', 404, 'The bucket policy does not exist', [['BucketName', bucket]]),
  /** A bucket configuration that was never set (aws-behaviour.md §9.2): 404 with `<BucketName>`. */
  noSuchBucketConfiguration: (code: string, message: string, bucket: string) => err(code, 404, message, [['BucketName', bucket]]),
  /** An analytics, metrics, inventory or intelligent-tiering configuration by id: 404, no `<BucketName>` (§9.2). */
  noSuchConfiguration: () => err('NoSuchConfiguration', 404, 'The specified configuration does not exist.'),
  /** A bucket configuration iamlab does not model, asked to be set (§9.2). [U] S3's text for an unsupported feature. */
  notImplemented: () => err('NotImplemented', 501, 'A header you provided implies functionality that is not implemented'),
  invalidBucketName: (bucket: string) => err('InvalidBucketName', 400, 'The specified bucket is not valid.', [['BucketName', bucket]]),
  bucketAlreadyExists: (bucket: string) =>
    err(
      'BucketAlreadyExists',
      409,
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      [['BucketName', bucket]],
    ),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    err('BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.', [
      ['BucketName', bucket],
    ]),
  bucketNotEmpty: (bucket: string, versioned = false) =>
    err(
      'BucketNotEmpty',
      409,
      versioned
        ? 'The bucket you tried to delete is not empty. You must delete all versions in the bucket.'
        : 'The bucket you tried to delete is not empty',
      [['BucketName', bucket]],
    ),
  invalidLocationConstraint: (constraint: string) =>
    err('InvalidLocationConstraint', 400, 'The specified location-constraint is not valid', [['LocationConstraint', constraint]]),
  illegalLocationConstraint: (constraint: string | undefined) =>
    err(
      'IllegalLocationConstraintException',
      400,
      `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    ),
  entityTooLarge: (maxBytes: number, proposed?: number) =>
    err('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed size', [
      ...(proposed === undefined ? [] : [['ProposedSize', String(proposed)] as const]),
      ['MaxSizeAllowed', String(maxBytes)],
    ]),
  entityTooSmall: (size: number, partNumber: number, etag: string) =>
    err('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed object size.', [
      ['ProposedSize', String(size)],
      ['MinSizeAllowed', String(MIN_PART_BYTES)],
      ['PartNumber', String(partNumber)],
      ['ETag', etag.replace(/"/g, '')],
    ]),
  invalidDigest: (contentMd5: string) => err('InvalidDigest', 400, 'The Content-MD5 you specified is not valid.', [['Content-MD5', contentMd5]]),
  badDigest: (expectedBase64: string, calculatedBase64: string) =>
    err('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.', [
      ['ExpectedDigest', Buffer.from(expectedBase64, 'base64').toString('hex')],
      ['CalculatedDigest', calculatedBase64],
    ]),
  badChecksum: (algorithm: string) => err('BadDigest', 400, `The ${algorithm} you specified did not match the calculated checksum.`),
  /** Complete naming a part's checksum in another algorithm than its upload's [R: complete-part-with-checksum]. */
  badPartChecksum: (algorithm: string, partNumber: number) =>
    err('BadDigest', 400, `The ${algorithm} you specified for part ${partNumber} did not match what we received.`),
  incompleteBody: () => err('IncompleteBody', 400, 'You did not provide the number of bytes specified by the Content-Length HTTP header'),
  keyTooLong: (size: number) =>
    err('KeyTooLongError', 400, 'Your key is too long', [
      ['Size', String(size)],
      ['MaxSizeAllowed', '1024'],
    ]),
  invalidRange: (range: string, size: number) =>
    err('InvalidRange', 416, 'The requested range is not satisfiable', [
      ['RangeRequested', range],
      ['ActualObjectSize', String(size)],
    ]),
  /** GET/HEAD conditionals: no body on the wire, only the status (RFC 7232 §4.1). */
  notModified: (etag: string) => err('NotModified', 304, 'Not Modified', [], [['ETag', etag]]),
  preconditionFailed: (condition: string) =>
    err('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', [['Condition', condition]]),
  invalidArgument: (message: string, name: string, value: string) =>
    err('InvalidArgument', 400, message, [
      ['ArgumentName', name],
      ['ArgumentValue', value],
    ]),
  invalidRequest: (message: string) => err('InvalidRequest', 400, message),
  missingContentSha256: () => err('InvalidRequest', 400, 'Missing required header for this request: x-amz-content-sha256'),
  invalidContentSha256: (value: string) =>
    err(
      'InvalidArgument',
      400,
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
      [
        ['ArgumentName', 'x-amz-content-sha256'],
        ['ArgumentValue', value],
      ],
    ),
  /** A SigV2 Authorization header S3 cannot read. */
  unsupportedAuthorization: () => err('InvalidRequest', 400, 'The authorization mechanism you have provided is not supported.'),
  accessDenied: (message: string) => err('AccessDenied', 403, message),
  missingDate: () => err('AccessDenied', 403, 'AWS authentication requires a valid Date or x-amz-date header'),
  /** A presigned URL past its end; both times in the client's frame, ISO seconds. */
  requestExpired: (expires: string, serverTime: string) =>
    err('AccessDenied', 403, 'Request has expired', [
      ['Expires', expires],
      ['ServerTime', serverTime],
    ]),
  invalidQueryEncoding: () => err('InvalidArgument', 400, 'The query string is not valid percent-encoding.'),
  maxMessageLengthExceeded: (maxBytes: number) =>
    err('MaxMessageLengthExceeded', 400, 'Your request was too big.', [['MaxMessageLengthBytes', String(maxBytes)]]),
  malformedXml: () => err('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema'),
  malformedPolicy: (message: string) => err('MalformedPolicy', 400, message),
  /** A tag S3 refuses (aws-behaviour.md §9.4), with `<TagKey>` and sometimes `<TagValue>`. */
  invalidTag: (message: string, extra: Extra = []) => err('InvalidTag', 400, message, extra),
  badRequest: (message: string) => err('BadRequest', 400, message),
  noSuchTagSet: (bucket: string) => err('NoSuchTagSet', 404, 'The TagSet does not exist', [['BucketName', bucket]]),
  invalidPart: (uploadId: string, partNumber: number, etag: string) =>
    err(
      'InvalidPart',
      400,
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      [
        ['UploadId', uploadId],
        ['PartNumber', String(partNumber)],
        ['ETag', etag],
      ],
    ),
  invalidPartOrder: (uploadId: string) =>
    err('InvalidPartOrder', 400, 'The list of parts was not in ascending order. Parts must be ordered by part number.', [['UploadId', uploadId]]),
  // ACLs, Object Ownership and Block Public Access (aws-behaviour.md §9.6).
  malformedAcl: () => err('MalformedACLError', 400, 'The XML you provided was not well-formed or did not validate against our published schema'),
  missingSecurityHeader: (header: string) =>
    err('MissingSecurityHeader', 400, 'Your request was missing a required header', [['MissingHeaderName', header]]),
  unexpectedContent: () => err('UnexpectedContent', 400, 'This request does not support content'),
  /** [U] S3-API ErrorResponses lists the code and text; the lab resolves no e-mail address. */
  unresolvableGrantByEmailAddress: () =>
    err('UnresolvableGrantByEmailAddress', 400, 'The e-mail address you provided does not match any account on record.'),
  accessControlListNotSupported: () => err('AccessControlListNotSupported', 400, 'The bucket does not allow ACLs'),
  invalidBucketAclWithObjectOwnership: () =>
    err('InvalidBucketAclWithObjectOwnership', 400, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"),
  invalidBucketAclWithBlockPublicAccess: () =>
    err('InvalidBucketAclWithBlockPublicAccessError', 400, 'Bucket cannot have public ACLs set with BlockPublicAccess enabled'),
  invalidObjectOwnershipHeader: (value: string) =>
    err('InvalidArgument', 400, `Invalid x-amz-object-ownership header: ${value}`, [['ArgumentName', 'x-amz-object-ownership']]),
  ownershipControlsNotFound: (bucket: string) =>
    err('OwnershipControlsNotFoundError', 404, 'The bucket ownership controls were not found', [['BucketName', bucket]]),
  noSuchPublicAccessBlockConfiguration: (bucket: string) =>
    err('NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found', [['BucketName', bucket]]),
  /** S3 error responses: a failure of the lab's own (a bug), 500. */
  internalError: () => err('InternalError', 500, 'We encountered an internal error. Please try again.'),
  /** The text S3 sends with its 503s ([O]: botocore retry reports quote "Please reduce your request rate."). */
  serviceUnavailable: () => err('ServiceUnavailable', 503, 'Please reduce your request rate.'),
};

/** Every part but the last must be at least 5 MiB (S3 multipart limits). */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
/** A single PUT and a single part: 5 GiB. */
export const MAX_SINGLE_PUT_BYTES = 5 * 1024 * 1024 * 1024;
