/**
 * Refusing the worst unsigned input STS takes stays cheap and linear (reliability/refusal-cost.ts): a
 * 100,000-character SAMLAssertion or a 20,000-character WebIdentityToken, shaped to find paths worse than
 * linear. Namespace declarations under deep nesting once cost 180 ms of CPU (each declaring element copied
 * every binding above it, and canonicalisation did the same before any signature was checked); now a few ms.
 * The bound leaves room for a loaded machine; a quadratic path is an order of magnitude above it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SAML_ASSERTION_CHARS, MAX_WEB_IDENTITY_TOKEN_CHARS, refusalCosts } from '../../reliability/refusal-cost.js';

const BOUND_MS = 60;

describe('the cost of refusing hostile federation input', () => {
  it(`is under ${BOUND_MS} ms of CPU for each maximum-size hostile assertion and token`, () => {
    const costs = refusalCosts();
    for (const cost of costs) {
      const limit = cost.name.startsWith('SAML') ? MAX_SAML_ASSERTION_CHARS : MAX_WEB_IDENTITY_TOKEN_CHARS;
      assert.ok(cost.chars <= limit && cost.chars > limit * 0.9, `${cost.name}: ${cost.chars} characters, near the limit`);
      assert.ok(cost.cpuMs < BOUND_MS, `${cost.name}: ${cost.cpuMs.toFixed(1)} ms (${cost.outcome})`);
    }
    // Each was refused for being what it is, not for its size.
    assert.ok(costs.filter((cost) => cost.name.startsWith('SAML')).every((cost) => cost.outcome !== 'too-large'));
  });
});
