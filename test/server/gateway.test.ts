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
import type { RawRequest } from '../../src/server/raw-http.js';
import type { QueryServiceBinding } from '../../src/server/service-binding.js';
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

function gatewayWith(serialiseError: QueryServiceBinding['serialiseError']): { gateway: Gateway; logs: string[]; audited: unknown[] } {
  const logs: string[] = [];
  const audited: unknown[] = [];
  const getCallerIdentity = defineOperation({ name: 'GetCallerIdentity', authorization: { kind: 'never-denied', action: 'sts:GetCallerIdentity' }, handle: () => ({}) });
  const bindings = serviceBindings({ sts: operationTable([getCallerIdentity]), iam: operationTable([]) });
  const sts = bindings.get('sts') as QueryServiceBinding;
  const services = new Map(bindings);
  services.set('sts', { ...sts, serialiseError });
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

describe('gateway FINALLY stages', () => {
  it('answers an unsigned request with the missing-authentication error', async () => {
    const { gateway, audited } = gatewayWith((error, requestId) => ({ body: `<Error>${error.code} ${requestId}</Error>`, headers: [] }));
    const response = await gateway.handle(REQUEST);
    assert.equal(response.status, 403);
    assert.match(String(response.body), /MissingAuthenticationToken/);
    assert.equal(audited.length, 1);
  });

  it('a serialiser that throws still answers with the InternalFailure envelope, and the request is audited', async () => {
    const seen: string[] = [];
    const { gateway, logs, audited } = gatewayWith((error: AwsError, requestId) => {
      seen.push(error.code);
      if (error.code !== 'InternalFailure') throw new Error('serialiser bug');
      return { body: `<ErrorResponse><Error><Code>${error.code}</Code></Error><RequestId>${requestId}</RequestId></ErrorResponse>`, headers: [] };
    });
    const response = await gateway.handle(REQUEST);
    assert.equal(response.status, 500);
    assert.match(String(response.body), /<Code>InternalFailure<\/Code>/);
    assert.deepEqual(seen, ['MissingAuthenticationToken', 'InternalFailure']);
    assert.ok(logs.some((line) => /stage serialise failed/.test(line)), logs.join('\n'));
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
