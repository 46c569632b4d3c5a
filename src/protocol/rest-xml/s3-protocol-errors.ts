/**
 * The errors the rest-xml codec itself raises, in S3's words (aws-behaviour.md §0.5, §5.5; S3-API
 * ErrorResponses). [U] marks texts not confirmed against a real S3 response.
 */
import { AwsError } from '../../errors/aws-error.js';

export const MALFORMED_XML_MESSAGE = 'The XML you provided was not well-formed or did not validate against our published schema';

export const s3ProtocolErrors = {
  malformedXml: (): AwsError => new AwsError({ code: 'MalformedXML', status: 400, message: MALFORMED_XML_MESSAGE }),
  /** A path whose percent-escapes do not decode to UTF-8. */
  invalidUri: (): AwsError => new AwsError({ code: 'InvalidURI', status: 400, message: "Couldn't parse the specified URI." }),
  /** A method the resource does not support (`POST /bucket/key` without `?uploads`/`?uploadId`). */
  methodNotAllowed: (method: string, resourceType: 'SERVICE' | 'BUCKET' | 'OBJECT'): AwsError =>
    new AwsError({
      code: 'MethodNotAllowed',
      status: 405,
      message: 'The specified method is not allowed against this resource.',
      extra: [
        ['Method', method],
        ['ResourceType', resourceType],
      ],
    }),
  /** A sub-resource (`?acl`, `?tagging`…) of an S3 operation iamlab does not emulate. [U] the wording for queries. */
  notImplemented: (): AwsError =>
    new AwsError({
      code: 'NotImplemented',
      status: 501,
      message: 'A header you provided implies functionality that is not implemented',
    }),
  /** A header or query value that does not parse as its type. [U] S3's per-argument messages vary. */
  invalidArgument: (name: string, value: string): AwsError =>
    new AwsError({
      code: 'InvalidArgument',
      status: 400,
      message: `Invalid value for ${name}`,
      extra: [
        ['ArgumentName', name],
        ['ArgumentValue', value],
      ],
    }),
};
