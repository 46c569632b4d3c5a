/**
 * The errors body decoding raises, in S3's words (aws-behaviour.md §5.3, §5.5; S3-API ErrorResponses). They
 * are thrown from inside the async decoders because the body is a stream: the consumer (the object store)
 * must not commit an object until the decoder's iterator has completed without throwing. [U] marks texts not
 * confirmed against a real S3 response.
 */
import { AwsError } from '../../errors/aws-error.js';

export const chunkedErrors = {
  /** Fewer bytes arrived than the framing or X-Amz-Decoded-Content-Length promised. */
  incompleteBody: (): AwsError =>
    new AwsError({
      code: 'IncompleteBody',
      status: 400,
      message: 'You did not provide the number of bytes specified by the Content-Length HTTP header',
    }),
  /** Framing that does not parse (bad hex size, missing CRLF, junk after the last chunk). [U] wording */
  invalidChunk: (detail: string): AwsError => new AwsError({ code: 'InvalidRequest', status: 400, message: `Invalid chunked encoding: ${detail}` }),
  /** Decoded length differs from X-Amz-Decoded-Content-Length. [U] wording */
  decodedLengthMismatch: (declared: number, actual: number): AwsError =>
    new AwsError({
      code: 'InvalidRequest',
      status: 400,
      message: `The decoded content length ${actual} does not match X-Amz-Decoded-Content-Length ${declared}`,
    }),
  /** A declared trailer (X-Amz-Trailer) that did not arrive, or one that was not declared. [U] wording */
  trailerMismatch: (name: string): AwsError =>
    new AwsError({ code: 'InvalidRequest', status: 400, message: `The trailing header ${name} was not declared or not sent` }),
  /** §5.3: a hex x-amz-content-sha256 that is not the body's hash. */
  contentSha256Mismatch: (clientHash: string, computed: string): AwsError =>
    new AwsError({
      code: 'XAmzContentSHA256Mismatch',
      status: 400,
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
      extra: [
        ['ClientComputedContentSHA256', clientHash],
        ['S3ComputedContentSHA256', computed],
      ],
    }),
  /** A flexible checksum (header or trailer) that is not the body's. */
  badDigest: (algorithm: string): AwsError =>
    new AwsError({ code: 'BadDigest', status: 400, message: `The ${algorithm} you specified did not match the calculated checksum.` }),
  /** A chunk or trailer signature that is not the chained HMAC (§5.3). */
  signatureMismatch: (): AwsError =>
    new AwsError({
      code: 'SignatureDoesNotMatch',
      status: 403,
      message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    }),
};
