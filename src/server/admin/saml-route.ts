/**
 * The lab IdP's admin routes:
 * - `GET /_iamlab/saml/metadata`: the IdP's SAML metadata, as XML — the document for
 *   `aws iam create-saml-provider --saml-metadata-document file://…`; `?format=json` wraps it in JSON with
 *   the entity ID and certificate (for the CLI, whose admin client reads JSON).
 * - `POST /_iamlab/saml/assertion`: a signed SAML Response for AssumeRoleWithSAML. JSON in:
 *   `{provider, role, subject, subjectFormat?, sessionName?, attributes?, sessionDuration?, expiresIn?,
 *   audience?, recipient?, signResponse?}`; out: `{assertion: <base64>, issuer, assertionId, issueInstant, notOnOrAfter}`.
 * Returns undefined for other paths, so the admin API tries it before its own table.
 */
import type { LabSamlIdp } from '../../services/saml-idp/lab-saml-idp.js';
import type { SamlAssertionRequest } from '../../services/saml-idp/saml-assertion-request.js';
import { splitTarget } from '../../lib/split-target.js';
import type { RawRequest, RawResponse } from '../raw-http.js';
import { jsonResponse } from './json-response.js';
import { jsonObjectBody } from './json-object-body.js';

const PREFIX = '/_iamlab/saml';

export function samlRoute(raw: RawRequest, idp: LabSamlIdp): Promise<RawResponse> | undefined {
  const { path, query } = splitTarget(raw.rawTarget);
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed !== PREFIX && !trimmed.startsWith(`${PREFIX}/`)) return undefined;
  const route = `${raw.method} ${trimmed}`;
  switch (route) {
    case `GET ${PREFIX}/metadata`:
      return metadata(idp, new URLSearchParams(query).get('format') === 'json');
    case `POST ${PREFIX}/assertion`:
      return assertion(idp, raw.body);
    default:
      return Promise.resolve(jsonResponse(404, { error: `no admin route \`${route}\`: use GET ${PREFIX}/metadata or POST ${PREFIX}/assertion` }));
  }
}

async function metadata(idp: LabSamlIdp, json: boolean): Promise<RawResponse> {
  const { xml, entityId, certificate } = await idp.metadata();
  if (json) return jsonResponse(200, { entityId, certificate, metadata: xml });
  return {
    status: 200,
    // RFC 7580 names metadata's media type; `aws` and browsers read it as XML all the same.
    headers: [
      ['Content-Type', 'application/samlmetadata+xml'],
      ['Content-Length', String(Buffer.byteLength(xml))],
    ],
    body: xml,
  };
}

async function assertion(idp: LabSamlIdp, body: Buffer): Promise<RawResponse> {
  const request = parseAssertionRequest(body);
  if (typeof request === 'string') return jsonResponse(400, { error: request });
  const issued = await idp.assertion(request);
  if (issued.kind === 'error') return jsonResponse(400, { error: issued.problems.join('; '), problems: [...issued.problems] });
  return jsonResponse(200, {
    assertion: issued.assertion,
    issuer: issued.issuer,
    assertionId: issued.assertionId,
    issueInstant: new Date(issued.issueInstantMs).toISOString(),
    notOnOrAfter: new Date(issued.notOnOrAfterMs).toISOString(),
  });
}

/** The JSON body as a request, or what is wrong with it (every type problem at once). */
function parseAssertionRequest(body: Buffer): SamlAssertionRequest | string {
  const v = jsonObjectBody(body);
  if (typeof v === 'string') return v;
  const problems: string[] = [];
  const text = (name: string, required: boolean): string | undefined => {
    const field = v[name];
    if (field === undefined && !required) return undefined;
    if (typeof field === 'string') return field;
    problems.push(`\`${name}\` must be a string`);
    return undefined;
  };
  const whole = (name: string): number | undefined => {
    const field = v[name];
    if (field === undefined) return undefined;
    if (typeof field === 'number' && Number.isInteger(field)) return field;
    problems.push(`\`${name}\` must be a whole number of seconds`);
    return undefined;
  };
  const providerArn = text('provider', true);
  const roleArn = text('role', true);
  const subject = text('subject', true);
  const subjectFormat = text('subjectFormat', false);
  const sessionName = v['sessionName'] === null ? null : text('sessionName', false);
  const sessionDurationSeconds = whole('sessionDuration');
  const expiresInSeconds = whole('expiresIn');
  const audience = text('audience', false);
  const recipient = text('recipient', false);
  const signResponse = v['signResponse'];
  if (signResponse !== undefined && typeof signResponse !== 'boolean') problems.push('`signResponse` must be true or false');
  // Entries, then an object: assigned one by one, an attribute named `__proto__` would vanish.
  const entries: [string, string | string[]][] = [];
  const rawAttributes = v['attributes'] ?? {};
  if (typeof rawAttributes !== 'object' || rawAttributes === null || Array.isArray(rawAttributes)) problems.push('`attributes` must be an object');
  else {
    for (const [name, values] of Object.entries(rawAttributes as Record<string, unknown>)) {
      if (typeof values === 'string' || isStringList(values)) entries.push([name, values]);
      else problems.push(`attribute \`${name}\` must be a string or a list of strings`);
    }
  }
  const attributes: Record<string, string | string[]> = Object.fromEntries(entries);
  if (problems.length > 0 || providerArn === undefined || roleArn === undefined || subject === undefined) return problems.join('; ');
  return {
    providerArn,
    roleArn,
    subject,
    attributes,
    ...(subjectFormat === undefined ? {} : { subjectFormat }),
    ...(sessionName === undefined ? {} : { sessionName }),
    ...(sessionDurationSeconds === undefined ? {} : { sessionDurationSeconds }),
    ...(expiresInSeconds === undefined ? {} : { expiresInSeconds }),
    ...(audience === undefined ? {} : { audience }),
    ...(recipient === undefined ? {} : { recipient }),
    ...(typeof signResponse === 'boolean' ? { signResponse } : {}),
  };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((x) => typeof x === 'string');
}
