/**
 * `AwsError` → S3's error response (aws-behaviour.md §0.5), the one place S3 errors become bytes:
 *   <?xml version="1.0" encoding="UTF-8"?>⏎
 *   <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a/b.txt</Key><RequestId>…</RequestId><HostId>…</HostId></Error>
 * Code-specific elements (`<Key>`, `<BucketName>`, `<Token-0>`, `<StringToSign>`…) come from `AwsError.extra`,
 * between the message and the request id. A HEAD request gets the status and headers only (§5.5): SDKs
 * then report the status as the code (`NotFound`, `403`).
 */
import type { AwsError } from '../../errors/aws-error.js';
import { element as xmlElement, escapeXmlAsS3, wrap } from '../../lib/xml.js';
import { CONTENT_TYPE_HEADER, S3_HOST_ID_HEADER, S3_REQUEST_ID_HEADER, S3_XML_PROLOG, XML_CONTENT_TYPE } from './constants.js';
import type { RestResponse } from './rest-response.js';

interface S3ErrorOptions {
  readonly requestId: string;
  readonly hostId: string;
  /** The request's method; HEAD responses carry no body. */
  readonly method: string;
}

const element = (name: string, text: string): string => xmlElement(name, text, escapeXmlAsS3);

export function serializeS3Error(error: AwsError, options: S3ErrorOptions): RestResponse {
  const headers: (readonly [string, string])[] = [
    [S3_REQUEST_ID_HEADER, options.requestId],
    [S3_HOST_ID_HEADER, options.hostId],
  ];
  if (options.method.toUpperCase() === 'HEAD') {
    return { status: error.status, headers: [...headers, ...error.headers], body: { kind: 'empty' } };
  }
  const inner =
    element('Code', error.code) +
    // An empty message is left out: S3 sends no <Message> for some errors (an unknown canned ACL, aws-behaviour.md §9.6).
    (error.message === '' ? '' : element('Message', error.message)) +
    error.extra.map(([name, text]) => element(name, text)).join('') +
    element('RequestId', options.requestId) +
    element('HostId', options.hostId);
  return {
    status: error.status,
    headers: [...headers, [CONTENT_TYPE_HEADER, XML_CONTENT_TYPE], ...error.headers],
    body: { kind: 'xml', text: S3_XML_PROLOG + wrap('Error', inner) },
  };
}
