/** The query (STS, IAM), ec2 and rest-xml (S3) protocols: request parsing, response and error serialisation, models. */
export type {
  AnyProtocolName,
  BlobShape,
  BooleanShape,
  HttpBinding,
  ListShape,
  MapShape,
  MemberLocation,
  MemberRef,
  NoMembers,
  NumberShape,
  OperationModel,
  ProtocolName,
  RestXmlServiceModel,
  ServiceMetadata,
  ServiceModel,
  ShapeModel,
  StreamingBody,
  StreamingBodyMarker,
  StringShape,
  StructureShape,
  TimestampFormat,
  TimestampShape,
  XmlNamespace,
} from './model.js';
export { decodeForm } from './decode-form.js';
export type { DecodeFormResult, FormPairs } from './decode-form.js';
export { parseEc2Request, parseQueryRequest, parseRequest } from './parse-request.js';
export type { ParseResult } from './parse-request.js';
export { serializeEc2Response, serializeQueryResponse, serializeResponse } from './serialize-response.js';
export type { SerializeOptions } from './serialize-response.js';
export { serializeEc2Error, serializeError, serializeQueryError } from './serialize-error.js';
export { CONTENT_TYPES, REQUEST_ID_HEADER, responseHeaders } from './response-headers.js';
export { protocolErrors } from './protocol-errors.js';
export { stsModel } from './models/sts.js';
export { iamModel } from './models/iam.js';
export { ec2Model } from './models/ec2.js';
export type * as StsTypes from './models/sts.js';
export type * as IamTypes from './models/iam.js';
export type * as Ec2Types from './models/ec2.js';
export { s3Model } from './models/s3.js';
export type * as S3Types from './models/s3.js';
export { decodeS3Request, parseS3Request, routeS3Request } from './rest-xml/parse-s3-request.js';
export type { S3Request, S3RequestHead, S3Route, S3RouteResult } from './rest-xml/parse-s3-request.js';
export { resolveS3Address } from './rest-xml/s3-address.js';
export type { S3Address, S3AddressingOptions } from './rest-xml/s3-address.js';
export { parseRestXmlRequest } from './rest-xml/parse-rest-xml-request.js';
export type { RestXmlRequest } from './rest-xml/parse-rest-xml-request.js';
export { payloadKind, STREAMING_BODY } from './rest-xml/decode-rest-input.js';
export type { PayloadKind } from './rest-xml/decode-rest-input.js';
export { serializeRestXmlResponse, serializeS3Response } from './rest-xml/serialize-rest-xml-response.js';
export type { RestSerializeOptions } from './rest-xml/serialize-rest-xml-response.js';
export { serializeS3Error } from './rest-xml/serialize-s3-error.js';
export type { S3ErrorOptions } from './rest-xml/serialize-s3-error.js';
export type { RestBody, RestResponse } from './rest-xml/rest-response.js';
export { quoteEtag } from './rest-xml/write-rest-xml.js';
export { DEFAULT_XML_LIMITS, readXml } from './rest-xml/xml-reader.js';
export type { ReadXmlResult, XmlLimits, XmlNode } from './rest-xml/xml-reader.js';
export { MALFORMED_XML_MESSAGE, s3ProtocolErrors } from './rest-xml/s3-protocol-errors.js';
export { S3_HOST_ID_HEADER, S3_REQUEST_ID_HEADER } from './rest-xml/constants.js';
