/**
 * `AwsError` → the JSON protocol's error envelope (aws-behaviour.md §13.2), the one place its errors become bytes:
 *   {"__type":"InvalidTimeRangeException","message":"…"}
 * An error AWS sends without a message (`UnknownOperationException`, `SerializationException`) has none.
 */
import type { AwsError } from '../../errors/aws-error.js';

export function serializeJsonError(error: AwsError): string {
  return JSON.stringify(error.message === '' ? { __type: error.code } : { __type: error.code, message: error.message });
}

/** `application/x-amz-json-1.1` for CloudTrail: what the answer is, from the model's JSON version. */
export function jsonContentType(jsonVersion: string | undefined): string {
  return `application/x-amz-json-${jsonVersion ?? '1.1'}`;
}
