/**
 * Whether an answer is what its surface documents (an `Expectation`), beyond the fuzzer's "no 5xx,
 * well-formed envelope": the query protocol's `<Operation>Response` or an `ErrorResponse` whose code the
 * service model lists for the operation (or any operation can give: parameters, authentication, access); the
 * admin API's JSON; the ECS agent's JSON errors and Go's plain-text 404; the Pod Identity Agent's plain text.
 */
import type { ServiceModel } from '../src/protocol/model.js';
import { iamModel } from '../src/protocol/models/iam.js';
import { stsModel } from '../src/protocol/models/sts.js';
import { readXml } from '../src/protocol/rest-xml/xml-reader.js';
import type { Expectation } from './fuzz-wire.js';

/** Codes any query operation may answer: malformed parameters, authentication, authorization, size. */
const ANY_QUERY_OPERATION = [
  'MalformedQueryString',
  /** A value that does not parse as its type (protocol-errors.ts). */
  'MalformedInput',
  'InvalidAction',
  'ValidationError',
  'MissingParameter',
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'RequestEntityTooLarge',
  'UnrecognizedService',
  'MissingAuthenticationToken',
  'IncompleteSignature',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'AccessDenied',
];

/** The codes the model lists for the operation, then those any operation may give; 5xx ones are never expected. */
export function queryCodes(service: 'sts' | 'iam', operation: string): readonly string[] {
  const model: ServiceModel = service === 'sts' ? stsModel : iamModel;
  const listed = (model.operations[operation]?.errors ?? []).flatMap((name) => {
    const shape = model.shapes[name];
    if (shape?.type !== 'structure') return [];
    // An exception shape without an `error` trait is sent with its own name and status 400 (aws-federation.md §0.3).
    return shape.error === undefined ? [name] : shape.error.httpStatusCode >= 500 ? [] : [shape.error.code];
  });
  return [...listed, ...ANY_QUERY_OPERATION];
}

type Headers = Record<string, string | string[] | undefined>;

export function checkExpectation(expect: Expectation, status: number, headers: Headers, text: string): string | undefined {
  const type = String(headers['content-type'] ?? '');
  switch (expect.kind) {
    case 'query':
      return checkQuery(expect.operation, expect.codes, status, text);
    case 'admin-json':
      // The one XML answer of the admin API: the IdP's metadata document.
      if (type.includes('xml')) return status === 200 ? undefined : `status ${status} with an XML body`;
      if (!type.startsWith('application/json')) return `status ${status} in \`${type}\`, not JSON`;
      if (![200, 201, 400, 404, 405, 409].includes(status)) return `status ${status} is not one the admin API documents`;
      return parsesAsJsonObject(text);
    case 'ecs-agent':
      if (status === 404) return goNotFound(type, text);
      if (!type.startsWith('application/json')) return `status ${status} in \`${type}\`, not the agent's JSON`;
      if (status === 200) return hasMembers(text, ['RoleArn', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
      if (status !== 400) return `status ${status} is not one the ECS agent answers`;
      try {
        const body = JSON.parse(text) as { code?: unknown; message?: unknown; HTTPErrorCode?: unknown };
        if (body.code !== 'NoIdInRequest' && body.code !== 'InvalidIdInRequest') return `ECS agent error code ${String(body.code)}`;
        return body.HTTPErrorCode === 400 && typeof body.message === 'string' ? undefined : `ECS agent error without its members: ${text}`;
      } catch {
        return `the ECS agent's error is not JSON: ${JSON.stringify(text.slice(0, 200))}`;
      }
    case 'pod-agent':
      if (status === 404) return goNotFound(type, text);
      if (status === 200)
        return type.startsWith('application/json')
          ? hasMembers(text, ['AccessKeyId', 'SecretAccessKey', 'Token', 'AccountId', 'Expiration'])
          : `200 in \`${type}\``;
      if (status !== 400) return `status ${status} is not one the Pod Identity Agent answers`;
      return type === 'text/plain; charset=utf-8' && text.endsWith('\n')
        ? undefined
        : `the agent's refusal is not Go's http.Error text: \`${type}\` ${JSON.stringify(text.slice(0, 200))}`;
  }
}

function checkQuery(operation: string, codes: readonly string[], status: number, text: string): string | undefined {
  const parsed = readXml(text.replace(/^<\?xml[^>]*\?>/, ''), { maxLength: 10_000_000, maxDepth: 100 });
  if (parsed.kind !== 'ok') return undefined; // the envelope check reports it
  const root = parsed.root;
  if (status === 200) {
    if (root.name !== `${operation}Response`) return `200 with \`<${root.name}>\`, not \`<${operation}Response>\``;
    // Credentials and tokens handed out are valid when they leave: an Expiration (in the wall clock's frame) ahead.
    const expiration = /<Expiration>([^<]*)<\/Expiration>/.exec(text)?.[1];
    if (expiration !== undefined && !(Date.parse(expiration) > Date.now() - 5000)) return `200 with an Expiration of \`${expiration}\`, already past`;
    return undefined;
  }
  if (status < 400 || status >= 500) return `status ${status}`;
  if (root.name !== 'ErrorResponse') return `status ${status} with \`<${root.name}>\`, not \`<ErrorResponse>\``;
  const error = root.children.find((child) => child.name === 'Error');
  const code = error?.children.find((child) => child.name === 'Code')?.text;
  if (code === undefined) return `an ErrorResponse without a Code: ${JSON.stringify(text.slice(0, 300))}`;
  return codes.includes(code)
    ? undefined
    : `${operation} answered ${status} \`${code}\`, not a code of its model: ${JSON.stringify(text.slice(0, 300))}`;
}

function goNotFound(type: string, text: string): string | undefined {
  return type === 'text/plain; charset=utf-8' && text === '404 page not found\n'
    ? undefined
    : `a 404 that is not Go's NotFound: \`${type}\` ${JSON.stringify(text.slice(0, 200))}`;
}

function parsesAsJsonObject(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : `JSON that is not an object: ${text.slice(0, 200)}`;
  } catch {
    return `JSON that does not parse: ${JSON.stringify(text.slice(0, 300))}`;
  }
}

function hasMembers(text: string, members: readonly string[]): string | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const missing = members.filter((member) => typeof value[member] !== 'string' || value[member] === '');
    return missing.length === 0 ? undefined : `credentials without ${missing.join(', ')}`;
  } catch {
    return `credentials that are not JSON: ${JSON.stringify(text.slice(0, 200))}`;
  }
}
