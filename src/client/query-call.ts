/**
 * One signed call of a query-protocol service (STS, IAM) to a lab, as the SDKs make it: a form-encoded POST
 * signed with SigV4 on the wall clock (the lab checks signatures against it, design.md "Time"). Used by
 * `iamlab` commands that act as a client and by the in-process API's helpers, so that both go through the
 * lab's front door — authentication, policies, audit — and never around it.
 */
import { createHash } from 'node:crypto';
import { signRequest } from '../auth/sigv4/index.js';
import { unescapeXml } from '../lib/xml.js';

export interface CallerKeys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

interface QueryCall {
  readonly endpoint: URL;
  readonly region: string;
  readonly service: 'sts' | 'iam';
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  readonly credentials: CallerKeys;
  readonly nowMs: number;
  readonly fetch?: typeof globalThis.fetch;
}

/** What the lab answered: the status and the XML body. */
export interface QueryAnswer {
  readonly status: number;
  readonly body: string;
}

const API_VERSIONS = { sts: '2011-06-15', iam: '2010-05-08' } as const;

/** Rejects only when no answer came (the lab is not there); an AWS error is an answer. */
export async function queryCall(call: QueryCall): Promise<QueryAnswer> {
  const body = new URLSearchParams({ Action: call.action, Version: API_VERSIONS[call.service], ...call.params }).toString();
  const signed = signRequest({
    request: {
      method: 'POST',
      rawTarget: '/',
      headers: [
        ['Host', call.endpoint.host],
        ['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8'],
      ],
    },
    accessKeyId: call.credentials.accessKeyId,
    secretAccessKey: call.credentials.secretAccessKey,
    ...(call.credentials.sessionToken === undefined ? {} : { sessionToken: call.credentials.sessionToken }),
    region: call.region,
    service: call.service,
    signedAtMs: call.nowMs,
    payloadHash: createHash('sha256').update(body).digest('hex'),
  });
  const response = await (call.fetch ?? globalThis.fetch)(new URL('/', call.endpoint), {
    method: 'POST',
    // fetch sets Host itself, from the URL.
    headers: signed.headers.filter(([name]) => name.toLowerCase() !== 'host').map(([name, value]) => [name, value] as [string, string]),
    body,
  });
  return { status: response.status, body: await response.text() };
}

/** The text of the first `<name>` element of an answer, unescaped; undefined when there is none. */
export function xmlField(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1] === undefined ? undefined : unescapeXml(match[1]);
}
