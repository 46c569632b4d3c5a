/** Header names and content types of S3's responses (aws-behaviour.md §0.5, §5.2). */
import { XML_DECLARATION } from '../../lib/xml.js';
export const S3_REQUEST_ID_HEADER = 'x-amz-request-id';
/** S3's "host id": SDKs surface it as `extendedRequestId`. */
export const S3_HOST_ID_HEADER = 'x-amz-id-2';
export const XML_CONTENT_TYPE = 'application/xml';
export const CONTENT_TYPE_HEADER = 'Content-Type';

/**
 * What every S3 XML body begins with: the declaration and a line break, then the root element on one line
 * (`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>…`, as curl shows S3's answers;
 * aws-behaviour.md §0.5).
 */
export const S3_XML_PROLOG = `${XML_DECLARATION}\n`;
