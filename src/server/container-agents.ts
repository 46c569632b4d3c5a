/**
 * The container credential agents on the gateway's port (aws-behaviour.md §4.7: the SDKs accept a plain-http
 * `AWS_CONTAINER_CREDENTIALS_FULL_URI` only on loopback, which the lab is): `/_iamlab/ecs-agent/…` and
 * `/_iamlab/eks-pod-identity-agent/v1/credentials`. Under `/_iamlab/`, where no S3 bucket can be (bucket
 * names start with a letter or digit), but outside the admin API's bearer token: containers authenticate
 * with their own tokens. Returns undefined for other paths.
 */
import type { ContainerCredentials } from '../containers/index.js';
import type { RawRequest, RawResponse } from './raw-http.js';

export function containerAgentsRoute(raw: RawRequest, containers: ContainerCredentials): Promise<RawResponse> | undefined {
  if (!containers.handles(raw.rawTarget)) return undefined;
  return containers.answer({ method: raw.method, target: raw.rawTarget, headers: raw.headers, remoteAddress: raw.remoteAddress }).then((answer) => ({
    status: answer.status,
    headers: [...answer.headers, ['Content-Length', String(Buffer.byteLength(answer.body))]],
    body: answer.body,
  }));
}
