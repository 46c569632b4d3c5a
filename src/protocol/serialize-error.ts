/**
 * `AwsError` → each protocol's error envelope (the one place errors become bytes for these services).
 *
 * query (aws-behaviour.md §0.3):
 *   <ErrorResponse xmlns="…"><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>
 * ec2 (§0.4; note `RequestID`):
 *   <?xml …?><Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors><RequestID>…</RequestID></Response>
 */
import type { AwsError } from '../errors/aws-error.js';
import { element, escapeXml, wrap, XML_DECLARATION } from '../lib/xml.js';
import type { ServiceModel } from './model.js';

function extraElements(error: AwsError): string {
  return error.extra.map(([name, text]) => element(name, text)).join('');
}

export function serializeQueryError(model: ServiceModel, error: AwsError, requestId: string): string {
  // An error AWS sends with no message (IAM's ReportNotPresent: botocore then prints `Unknown`) has no <Message>.
  const message = error.message === '' ? '' : element('Message', error.message);
  const inner = element('Type', error.faultType) + element('Code', error.code) + message + extraElements(error);
  return wrap('ErrorResponse', wrap('Error', inner) + element('RequestId', requestId), `xmlns="${escapeXml(model.metadata.xmlNamespace)}"`);
}

export function serializeEc2Error(error: AwsError, requestId: string): string {
  const inner = element('Code', error.code) + element('Message', error.message) + extraElements(error);
  return XML_DECLARATION + wrap('Response', wrap('Errors', wrap('Error', inner)) + element('RequestID', requestId));
}

/** Either protocol, by the model's `metadata.protocol`. */
export function serializeError(model: ServiceModel, error: AwsError, requestId: string): string {
  return model.metadata.protocol === 'ec2' ? serializeEc2Error(error, requestId) : serializeQueryError(model, error, requestId);
}
