/** The query (STS, IAM), ec2, rest-xml (S3) and json (CloudTrail) protocols: request parsing, response and error serialisation, models. */
export type { ServiceModel } from './model.js';
export { decodeForm } from './decode-form.js';
export type { FormPairs } from './decode-form.js';
export { parseRequest } from './parse-request.js';
export type { ParseResult } from './parse-request.js';
export { serializeQueryResponse, serializeResponse } from './serialize-response.js';

export { serializeError } from './serialize-error.js';
export { responseHeaders } from './response-headers.js';

export { stsModel } from './models/sts.js';
export { iamModel } from './models/iam.js';
export { ec2Model } from './models/ec2.js';
export type * as StsTypes from './models/sts.js';
export type * as IamTypes from './models/iam.js';
export type * as Ec2Types from './models/ec2.js';
export { s3Model } from './models/s3.js';
export type * as S3Types from './models/s3.js';
export { decodeS3Request, routeS3Request } from './rest-xml/parse-s3-request.js';
export type { S3Route } from './rest-xml/parse-s3-request.js';
export { resolveS3Address } from './rest-xml/s3-address.js';
export type { S3AddressingOptions } from './rest-xml/s3-address.js';

export { serializeS3Response } from './rest-xml/serialize-rest-xml-response.js';

export { serializeS3Error } from './rest-xml/serialize-s3-error.js';

export type { RestResponse } from './rest-xml/rest-response.js';

export { cloudtrailModel } from './models/cloudtrail.js';
export type * as CloudTrailTypes from './models/cloudtrail.js';
export type { JsonServiceModel } from './model.js';
export { parseJsonRequest } from './json/parse-json-request.js';
export { serializeJsonResponse } from './json/serialize-json-response.js';
export { jsonContentType, serializeJsonError } from './json/serialize-json-error.js';
export { targetsService } from './json/json-target.js';
export { loggableValue } from './loggable-value.js';
