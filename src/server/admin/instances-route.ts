/**
 * `GET /_iamlab/instances` (and `/_iamlab/instances/<id>`): every instance of the lab with its state, its
 * metadata endpoint and its profile, for `iamlab exec` and the console. Returns undefined for other routes
 * so the admin API can try it before its own table. Times are virtual (the admin API's frame).
 */
import type { Clock } from '../../clock/clock.js';
import type { Ec2State } from '../../services/ec2/ec2-state.js';
import { associationStateAt, instanceStateAt, instanceVisibleAt } from '../../services/ec2/instance-status.js';
import type { InstanceRecord } from '../../services/ec2/ec2-records.js';
import type { Json } from '../../store/port.js';
import { decodeOrKeep } from '../../lib/decode-or-keep.js';
import { splitTarget } from '../../lib/split-target.js';
import type { RawRequest, RawResponse } from '../raw-http.js';
import { jsonResponse } from './json-response.js';

interface InstancesRouteDeps {
  readonly ec2: Ec2State;
  readonly clock: Clock;
  /** The IMDS listener of an instance (`ImdsManager.endpointOf`). */
  endpointOf(instanceId: string): string | undefined;
}

export interface InstanceSummary {
  readonly instanceId: string;
  readonly account: string;
  readonly region: string;
  readonly state: string;
  readonly imdsEndpoint: string | null;
  readonly instanceProfileArn: string | null;
  readonly associationId: string | null;
  readonly associationState: string | null;
  readonly httpTokens: string;
  readonly httpEndpoint: string;
  readonly launchTime: string;
}

const PREFIX = '/_iamlab/instances';

export function instancesRoute(raw: RawRequest, deps: InstancesRouteDeps): RawResponse | undefined {
  const path = splitTarget(raw.rawTarget).path.replace(/\/+$/, '');
  if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return undefined;
  if (raw.method !== 'GET') return jsonResponse(405, { error: `\`${raw.method} ${path}\` is not supported: use GET` });
  const nowMs = deps.clock.now();
  if (path === PREFIX) {
    const instances = deps.ec2.allInstances().filter((i) => instanceVisibleAt(i, nowMs, deps.ec2.timing));
    return jsonResponse(200, { instances: instances.map((i) => summary(i, nowMs, deps) as unknown as Json) });
  }
  const id = decodeOrKeep(path.slice(PREFIX.length + 1));
  const instance = deps.ec2.instance(id);
  if (instance === undefined) return jsonResponse(404, { error: `no instance \`${id}\`` });
  return jsonResponse(200, summary(instance, nowMs, deps) as unknown as Json);
}

function summary(instance: InstanceRecord, nowMs: number, deps: InstancesRouteDeps): InstanceSummary {
  const association = deps.ec2.currentAssociation(instance.id, nowMs);
  return {
    instanceId: instance.id,
    account: instance.account,
    region: instance.region,
    state: instanceStateAt(instance, nowMs, deps.ec2.timing),
    imdsEndpoint: deps.endpointOf(instance.id) ?? null,
    instanceProfileArn: association?.profileArn ?? null,
    associationId: association?.id ?? null,
    associationState: association === undefined ? null : associationStateAt(association, nowMs, deps.ec2.timing),
    httpTokens: instance.metadataOptions.httpTokens,
    httpEndpoint: instance.metadataOptions.httpEndpoint,
    launchTime: new Date(instance.launchMs).toISOString(),
  };
}
