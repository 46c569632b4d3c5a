/**
 * The lab IdP end to end: the admin routes and `iamlab saml` give metadata IAM's reading accepts and
 * assertions that verify with that metadata's certificate, dated on the lab's virtual clock, and the IdP
 * outlives a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { AWS_SAML_ENDPOINT } from '../../src/federation/saml/aws-saml-attributes.js';
import { parseSamlMetadata } from '../../src/federation/saml/saml-metadata.js';
import { verifySamlResponse } from '../../src/federation/saml/verify-saml-response.js';
import { LAB_IDP_ENTITY_ID } from '../../src/services/saml-idp/lab-saml-idp.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';

const PROVIDER = 'arn:aws:iam::123456789012:saml-provider/LabIdP';
const ROLE = 'arn:aws:iam::123456789012:role/SamlRole';
const ATTR = 'https://aws.amazon.com/SAML/Attributes/';

async function cli(lab: TestLab, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { IAMLAB_ENDPOINT: lab.endpoint }, { out: (t) => void out.push(t), err: (t) => void err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function certificatesOf(xml: string): readonly string[] {
  const parsed = parseSamlMetadata(xml);
  assert.ok(parsed.kind === 'ok', parsed.kind === 'ok' ? '' : parsed.problem);
  assert.equal(parsed.metadata.entityId, LAB_IDP_ENTITY_ID);
  return parsed.metadata.signingCertificates;
}

describe('the lab SAML IdP', () => {
  let lab: TestLab;
  before(async () => {
    lab = await startTestLab({ keepData: true });
  });
  after(async () => {
    await lab.dispose();
  });

  it('serves metadata as XML that IAM would accept (1000+ characters), the same on every call', async () => {
    const response = await fetch(`${lab.endpoint}/_iamlab/saml/metadata`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/samlmetadata+xml');
    const xml = await response.text();
    assert.ok(xml.length >= 1000, `${xml.length} characters`);
    const certificates = certificatesOf(xml);
    assert.equal(certificates.length, 1);
    assert.equal(await (await fetch(`${lab.endpoint}/_iamlab/saml/metadata`)).text(), xml);
  });

  it('issues assertions on the virtual clock that verify with the metadata certificate', async () => {
    lab.clock.advance(2 * 3600_000);
    const certificates = certificatesOf(await (await fetch(`${lab.endpoint}/_iamlab/saml/metadata`)).text());
    const response = await fetch(`${lab.endpoint}/_iamlab/saml/assertion`, {
      method: 'POST',
      body: JSON.stringify({
        provider: PROVIDER,
        role: ROLE,
        subject: 'alice@example.com',
        subjectFormat: 'emailAddress',
        sessionName: 'alice',
        attributes: { 'PrincipalTag:team': 'blue', 'urn:oid:2.5.4.3': ['Alice'] },
        sessionDuration: 1800,
        expiresIn: 120,
        signResponse: true,
      }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { assertion: string; issueInstant: string };
    const virtualNow = lab.clock.now();
    const verified = verifySamlResponse(body.assertion, certificates);
    assert.ok(verified.kind === 'ok', verified.kind === 'ok' ? '' : verified.problem);
    const facts = verified.response;
    assert.equal(facts.signed, 'both');
    assert.equal(facts.issuer, LAB_IDP_ENTITY_ID);
    assert.equal(facts.nameId, 'alice@example.com');
    assert.equal(facts.nameIdFormat, 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
    assert.equal(facts.recipient, AWS_SAML_ENDPOINT);
    assert.deepEqual(facts.audiences, [AWS_SAML_ENDPOINT]);
    // Whole seconds of virtual time, two hours ahead of the wall clock.
    assert.ok(virtualNow - facts.issueInstantMs >= 0 && virtualNow - facts.issueInstantMs < 5_000, `${facts.issueInstantMs} vs ${virtualNow}`);
    assert.ok(facts.issueInstantMs - Date.now() > 3600_000);
    assert.equal(facts.notOnOrAfterMs, facts.issueInstantMs + 120_000);
    assert.equal(facts.subjectNotOnOrAfterMs, facts.issueInstantMs + 120_000);
    assert.deepEqual(Object.fromEntries(facts.attributes), {
      [`${ATTR}Role`]: [`${ROLE},${PROVIDER}`],
      [`${ATTR}RoleSessionName`]: ['alice'],
      [`${ATTR}SessionDuration`]: ['1800'],
      [`${ATTR}PrincipalTag:team`]: ['blue'],
      'urn:oid:2.5.4.3': ['Alice'],
    });
  });

  it('keeps an attribute named `__proto__` (assigned into an object, it once vanished)', async () => {
    const certificates = certificatesOf(await (await fetch(`${lab.endpoint}/_iamlab/saml/metadata`)).text());
    const response = await fetch(`${lab.endpoint}/_iamlab/saml/assertion`, {
      method: 'POST',
      body: '{"provider":"' + PROVIDER + '","role":"' + ROLE + '","subject":"a","attributes":{"__proto__":["x"],"PrincipalTag:__proto__":"y"}}',
    });
    assert.equal(response.status, 200);
    const verified = verifySamlResponse(((await response.json()) as { assertion: string }).assertion, certificates);
    assert.ok(verified.kind === 'ok');
    assert.deepEqual(verified.response.attributes.get(`${ATTR}__proto__`), ['x']);
    assert.deepEqual(verified.response.attributes.get(`${ATTR}PrincipalTag:__proto__`), ['y']);
  });

  it('answers 400 with every problem of a bad request', async () => {
    const response = await fetch(`${lab.endpoint}/_iamlab/saml/assertion`, {
      method: 'POST',
      body: JSON.stringify({ provider: 'arn:aws:iam::123456789012:oidc-provider/x', role: ROLE, subject: 'a', subjectFormat: 'odd', expiresIn: 0 }),
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { problems: string[] };
    assert.equal(body.problems.length, 3, body.problems.join('\n'));
    const missing = await fetch(`${lab.endpoint}/_iamlab/saml/assertion`, { method: 'POST', body: '{"role": 1}' });
    assert.equal(missing.status, 400);
    assert.match(
      ((await missing.json()) as { error: string }).error,
      /`provider` must be a string; `role` must be a string; `subject` must be a string/,
    );
  });

  it('`iamlab saml metadata` prints the metadata and `iamlab saml assertion` only the base64 of a verifying response', async () => {
    const metadata = await cli(lab, 'saml', 'metadata');
    assert.equal(metadata.code, 0, metadata.err);
    assert.equal(`${metadata.out}`, await (await fetch(`${lab.endpoint}/_iamlab/saml/metadata`)).text());
    const certificates = certificatesOf(metadata.out);

    const issued = await cli(
      lab,
      'saml',
      'assertion',
      '--provider',
      PROVIDER,
      '--role',
      ROLE,
      '--subject',
      'bob',
      '--attribute',
      'PrincipalTag:team=red',
      '--attribute',
      'groups://x=1',
      '--attribute',
      'TransitiveTagKeys=team',
      '--attribute',
      'TransitiveTagKeys=cost',
    );
    assert.equal(issued.code, 0, issued.err);
    assert.match(issued.out, /^[A-Za-z0-9+/]+=*$/);
    const verified = verifySamlResponse(issued.out, certificates);
    assert.ok(verified.kind === 'ok', verified.kind === 'ok' ? '' : verified.problem);
    assert.equal(verified.response.nameId, 'bob');
    assert.equal(verified.response.nameIdFormat, 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
    assert.deepEqual(verified.response.attributes.get(`${ATTR}RoleSessionName`), ['bob']);
    assert.deepEqual(verified.response.attributes.get(`${ATTR}PrincipalTag:team`), ['red']);
    assert.deepEqual(verified.response.attributes.get(`${ATTR}TransitiveTagKeys`), ['team', 'cost']);
    assert.deepEqual(verified.response.attributes.get('groups://x'), ['1']);
    assert.equal(verified.response.notOnOrAfterMs, verified.response.issueInstantMs + 300_000);

    const usage = await cli(lab, 'saml', 'assertion', '--provider', PROVIDER, '--subject', 'bob');
    assert.equal(usage.code, 2);
    assert.match(usage.err, /needs --provider/);
    const refused = await cli(lab, 'saml', 'assertion', '--provider', 'nope', '--role', ROLE, '--subject', 'bob');
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /`nope` is not a SAML provider ARN/);
  });

  it('keeps its key across a restart', async () => {
    const before = await (await fetch(`${lab.endpoint}/_iamlab/saml/metadata`)).text();
    await lab.close();
    lab = await startTestLab({ dataDir: lab.dataDir });
    assert.equal(await (await fetch(`${lab.endpoint}/_iamlab/saml/metadata`)).text(), before);
  });
});
