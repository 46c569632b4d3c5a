/**
 * The gateway's FINALLY stages (serialise, audit): a serialiser that throws still answers with the service's
 * InternalFailure envelope (a bare 500 only if that throws too), and the failure is logged with the request id.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Clock } from '../../src/clock/clock.js';
import type { AwsError } from '../../src/errors/aws-error.js';
import { IdSource, seededRandom } from '../../src/ids/id-source.js';
import { serviceBindings } from '../../src/server/bindings.js';
import { Gateway } from '../../src/server/gateway.js';
import type { GatewayDeps } from '../../src/server/gateway-deps.js';
import type { RawRequest, RawResponse } from '../../src/server/raw-http.js';
import type { ProtocolStrategy, ServiceBinding } from '../../src/server/request-state.js';
import { defineOperation, operationTable } from '../../src/services/operation.js';

const REQUEST: RawRequest = {
  method: 'POST',
  rawTarget: '/',
  headers: [
    ['Host', 'localhost'],
    ['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8'],
  ],
  body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15'),
  bodyTooLarge: false,
  remoteAddress: '127.0.0.1',
  secure: false,
};

/** Writes an error's body in place of the query protocol's serialiser. */
type ErrorWriter = (error: AwsError, requestId: string) => string;

function gatewayWith(writeError: ErrorWriter): { gateway: Gateway; logs: string[]; audited: unknown[] } {
  const logs: string[] = [];
  const audited: unknown[] = [];
  const getCallerIdentity = defineOperation({
    name: 'GetCallerIdentity',
    authorization: { kind: 'never-denied', action: 'sts:GetCallerIdentity' },
    handle: () => ({}),
  });
  const bindings = serviceBindings({ sts: operationTable([getCallerIdentity]), iam: operationTable([]) });
  const sts = bindings.get('sts') as ServiceBinding;
  const protocol: ProtocolStrategy = {
    ...sts.protocol,
    respond: (state, error, deps) =>
      error === undefined
        ? sts.protocol.respond(state, error, deps)
        : { status: error.status, headers: [], body: writeError(error, state.requestId) },
  };
  const services = new Map(bindings);
  services.set('sts', { ...sts, protocol });
  // Only what an unsigned request touches on its way to the missing-authentication error.
  const deps = {
    clock: new Clock(() => Date.parse('2026-12-06T00:00:00Z')),
    ids: new IdSource(seededRandom('gateway')),
    services,
    logger: { info: () => undefined, error: (message: string) => void logs.push(message) },
    audit: { record: (event: unknown) => void audited.push(event) },
    maxBodyBytes: 1024 * 1024,
  } as unknown as GatewayDeps;
  return { gateway: new Gateway(deps), logs, audited };
}

const bodyText = (body: RawResponse['body']): string => (typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '');

describe('gateway FINALLY stages', () => {
  it('answers an unsigned request with the missing-authentication error', async () => {
    const { gateway, audited } = gatewayWith((error, requestId) => `<Error>${error.code} ${requestId}</Error>`);
    const response = await gateway.handle(REQUEST);
    assert.equal(response.status, 403);
    assert.match(bodyText(response.body), /MissingAuthenticationToken/);
    assert.equal(audited.length, 1);
  });

  it('a serialiser that throws still answers with the InternalFailure envelope, and the request is audited', async () => {
    const seen: string[] = [];
    const { gateway, logs, audited } = gatewayWith((error, requestId) => {
      seen.push(error.code);
      if (error.code !== 'InternalFailure') throw new Error('serialiser bug');
      return `<ErrorResponse><Error><Code>${error.code}</Code></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    });
    const response = await gateway.handle(REQUEST);
    assert.equal(response.status, 500);
    assert.match(bodyText(response.body), /<Code>InternalFailure<\/Code>/);
    assert.deepEqual(seen, ['MissingAuthenticationToken', 'InternalFailure']);
    assert.ok(
      logs.some((line) => /stage serialise failed/.test(line)),
      logs.join('\n'),
    );
    assert.equal(audited.length, 1);
  });

  it('a bare 500 when serialising the failure throws too', async () => {
    const { gateway, logs } = gatewayWith(() => {
      throw new Error('always');
    });
    const response = await gateway.handle(REQUEST);
    assert.equal(response.status, 500);
    assert.equal(response.body, '');
    assert.ok(logs.some((line) => /serialising the failure failed too/.test(line)));
  });
});
