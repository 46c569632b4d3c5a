/**
 * Response headers per protocol, as data for the gateway (aws-behaviour.md §0.3): the content type and the
 * request id header SDKs read into `$metadata.requestId`, then any headers the error carries.
 */
import type { AwsError } from '../errors/aws-error.js';
import type { ProtocolName } from './model.js';

const REQUEST_ID_HEADER = 'x-amzn-RequestId';

const CONTENT_TYPES: Readonly<Record<ProtocolName, string>> = {
  query: 'text/xml',
  ec2: 'text/xml;charset=UTF-8',
};

export function responseHeaders(protocol: ProtocolName, requestId: string, error?: AwsError): readonly (readonly [string, string])[] {
  return [['Content-Type', CONTENT_TYPES[protocol]], [REQUEST_ID_HEADER, requestId], ...(error?.headers ?? [])];
}
