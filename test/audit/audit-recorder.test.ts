/**
 * The audit recorder (src/audit/audit-recorder.ts) never loses a batch to one event's text: a federated caller
 * is named after its token's `aud` and `sub`, which an unsigned AssumeRoleWithWebIdentity may fill with a lone
 * surrogate or NUL. The store refused those, and the recorder dropped the whole batch with them (found by the
 * fuzzer: `could not write audit events: event principalArn … contains a lone surrogate`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEvent } from '../../src/audit/audit-event.js';
import { AuditRecorder } from '../../src/audit/audit-recorder.js';
import { openSqliteStore } from '../../src/store/index.js';

const event = (requestId: string, principalArn: string | null): AuditEvent => ({
  timeMs: 1_700_000_000_000,
  requestId,
  sourceIp: '127.0.0.1',
  userAgent: 'test',
  service: 'sts',
  operation: 'AssumeRoleWithWebIdentity',
  action: 'sts:AssumeRoleWithWebIdentity',
  resources: ['arn:aws:iam::123456789012:role/r'],
  principalArn,
  accessKeyId: null,
  decision: 'ImplicitlyDenied',
  decidedBy: null,
  explanation: null,
  errorCode: 'InvalidIdentityToken',
  errorMessage: null,
  status: 400,
});

describe('the audit recorder', () => {
  it('writes every event of a batch when one names its caller with a lone surrogate or NUL, U+FFFD in their place', async () => {
    const store = await openSqliteStore({ memory: true });
    const errors: unknown[] = [];
    const recorder = new AuditRecorder(store, { maxEvents: 1000, onError: (error) => errors.push(error) });
    const provider = 'arn:aws:iam::123456789012:oidc-provider/idp.example.com:client';
    recorder.record(event('before', 'arn:aws:iam::123456789012:root'));
    recorder.record(event('surrogate', `${provider}:\ud800`));
    recorder.record(event('nul', `${provider}:a\u0000b`));
    recorder.record(event('pair', `${provider}:😀`));
    recorder.record(event('after', null));
    await recorder.flush();
    assert.deepEqual(errors, []);
    const stored = await store.queryEvents({ limit: 10 });
    assert.deepEqual(
      stored.map((e) => [e.requestId, e.principalArn]),
      [
        ['before', 'arn:aws:iam::123456789012:root'],
        ['surrogate', `${provider}:\uFFFD`],
        ['nul', `${provider}:a\uFFFDb`],
        ['pair', `${provider}:😀`],
        ['after', null],
      ],
    );
    assert.equal((stored[1]?.body as { principalArn: string }).principalArn, `${provider}:\uFFFD`);
    await store.close();
  });
});
