/**
 * One metadata request of one instance (aws-behaviour.md §4.1–§4.5), independent of sockets:
 *   instance not running → the connection is dropped (nothing answers on a stopped host);
 *   HttpEndpoint disabled → 403 for everything;
 *   PUT /latest/api/token → a token (TTL 1–21600 s, else 400; X-Forwarded-For → 403; a dated version → 403);
 *   GET/HEAD with a token → checked (invalid or expired → 401), IMDSv2; without → IMDSv1, or 401 when
 *   HttpTokens=required; then the metadata tree, the identity document, and `iam/`.
 */
import type { Clock } from '../clock/clock.js';
import type { Ec2State } from '../services/ec2/ec2-state.js';
import type { InstanceRecord } from '../services/ec2/ec2-records.js';
import { instanceStateAt } from '../services/ec2/instance-status.js';
import type { CredentialKeeper, Delivery, IamView } from './credential-keeper.js';
import type { ImdsStatus } from './imds-pages.js';
import { errorPage } from './imds-pages.js';
import { checkToken, mintToken, parseTokenTtl } from './imds-token.js';
import type { MetadataNode } from './metadata-tree.js';
import { dynamicTree, listing, METADATA_VERSIONS, metaDataTree, walk } from './metadata-tree.js';

const TOKEN_HEADER = 'x-aws-ec2-metadata-token';
const TOKEN_TTL_HEADER = 'x-aws-ec2-metadata-token-ttl-seconds';

export interface ImdsRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
}

export type ImdsAnswer =
  | { readonly kind: 'drop' }
  | { readonly kind: 'response'; readonly status: number; readonly headers: readonly (readonly [string, string])[]; readonly body: string };

interface ImdsHandlerDeps {
  readonly ec2: Ec2State;
  readonly keeper: CredentialKeeper;
  readonly clock: Clock;
  /** Seals IMDSv2 tokens (imds-token.ts). */
  readonly tokenKey: Buffer;
}

const header = (req: ImdsRequest, name: string): string | undefined => req.headers.find(([k]) => k.toLowerCase() === name)?.[1];

function text(status: number, body: string, extra: readonly (readonly [string, string])[] = []): ImdsAnswer {
  return { kind: 'response', status, headers: [['Content-Type', 'text/plain'], ...extra], body };
}

function page(status: ImdsStatus): ImdsAnswer {
  return { kind: 'response', status, headers: [['Content-Type', 'text/html']], body: errorPage(status) };
}

export async function handleImds(instanceId: string, req: ImdsRequest, deps: ImdsHandlerDeps): Promise<ImdsAnswer> {
  const nowMs = deps.clock.now();
  const instance = deps.ec2.instance(instanceId);
  if (instance === undefined) return { kind: 'drop' };
  const state = instanceStateAt(instance, nowMs, deps.ec2.timing);
  if (state !== 'running' && state !== 'pending') return { kind: 'drop' };
  if (instance.metadataOptions.httpEndpoint === 'disabled') return page(403);
  const path = req.target.split('?')[0] ?? '/';
  if (req.method === 'PUT') return putToken(instance, req, path, nowMs, deps);
  if (req.method !== 'GET' && req.method !== 'HEAD') return page(405);
  const delivery = deliveryOf(instance, req, nowMs, deps);
  if (delivery === 'unauthorized') return page(401);
  return getPath(instance, path, delivery, nowMs, deps);
}

/** §4.2: only `/latest/api/token`; dated versions 403; X-Forwarded-For 403 [U status]; bad TTL 400. */
function putToken(instance: InstanceRecord, req: ImdsRequest, path: string, nowMs: number, deps: ImdsHandlerDeps): ImdsAnswer {
  const segments = path.split('/').filter((s) => s !== '');
  const isToken = segments.length === 3 && segments[1] === 'api' && segments[2] === 'token';
  if (!isToken) return page(405);
  if (segments[0] !== 'latest') return page(403);
  if (header(req, 'x-forwarded-for') !== undefined) return page(403);
  const ttl = parseTokenTtl(header(req, TOKEN_TTL_HEADER));
  if (ttl === undefined) return page(400);
  return text(200, mintToken(deps.tokenKey, instance.id, nowMs + ttl * 1000), [['X-aws-ec2-metadata-token-ttl-seconds', String(ttl)]]);
}

/** §4.2: a token, when sent, must be valid; without one, IMDSv1 unless HttpTokens=required. */
function deliveryOf(instance: InstanceRecord, req: ImdsRequest, nowMs: number, deps: ImdsHandlerDeps): Delivery | 'unauthorized' {
  const token = header(req, TOKEN_HEADER);
  if (token !== undefined) return checkToken(deps.tokenKey, token, instance.id, nowMs) === 'valid' ? '2.0' : 'unauthorized';
  return instance.metadataOptions.httpTokens === 'required' ? 'unauthorized' : '1.0';
}

async function getPath(instance: InstanceRecord, path: string, delivery: Delivery, nowMs: number, deps: ImdsHandlerDeps): Promise<ImdsAnswer> {
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.length === 0) return text(200, METADATA_VERSIONS.join('\n'));
  const [version, category, ...rest] = segments;
  if (version === undefined || !METADATA_VERSIONS.includes(version)) return page(404);
  switch (category) {
    case undefined:
      return text(200, 'dynamic\nmeta-data');
    case 'dynamic':
      return serveNode(
        walk(
          dynamicTree(instance, (ms) => deps.clock.toWall(ms)),
          rest,
        ),
      );
    case 'meta-data':
      if (rest[0] === 'iam') return serveIam(await deps.keeper.view(instance, delivery, nowMs), rest.slice(1));
      if (rest.length === 0) {
        const view = await deps.keeper.view(instance, delivery, nowMs);
        return text(200, listing(metaDataTree(instance), view.kind === 'present' ? ['iam/'] : []));
      }
      return serveNode(walk(metaDataTree(instance), rest));
    default:
      return page(404);
  }
}

function serveNode(node: MetadataNode | undefined): ImdsAnswer {
  if (node === undefined) return page(404);
  return text(200, node.kind === 'dir' ? listing(node) : node.value);
}

/** §4.3: `iam/` → `info` and `security-credentials/`; the role name; the role's credentials document. */
function serveIam(view: IamView, rest: readonly string[]): ImdsAnswer {
  if (view.kind === 'absent') return page(404);
  const [first, second, ...more] = rest;
  if (first === undefined) return text(200, view.roleName === undefined ? 'info' : 'info\nsecurity-credentials/');
  if (first === 'info' && second === undefined) return text(200, view.info);
  if (first !== 'security-credentials' || more.length > 0 || view.roleName === undefined) return page(404);
  if (second === undefined) return text(200, view.roleName);
  return second === view.roleName && view.credentials !== undefined ? text(200, view.credentials) : page(404);
}
