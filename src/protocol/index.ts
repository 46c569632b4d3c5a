/** The query (STS, IAM) and ec2 protocols: request parsing, response and error serialisation, models. */
export type {
  BlobShape,
  BooleanShape,
  ListShape,
  MapShape,
  MemberRef,
  NoMembers,
  NumberShape,
  OperationModel,
  ProtocolName,
  ServiceMetadata,
  ServiceModel,
  ShapeModel,
  StringShape,
  StructureShape,
  TimestampFormat,
  TimestampShape,
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
