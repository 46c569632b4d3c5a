/**
 * Turns what a profile names into keys: static keys as they are; a role (`role_arn`) by calling the lab's
 * STS AssumeRole, signed with the source's keys — themselves assumed first when the source is a role profile
 * too (role chaining), as botocore's assume-role provider does. The call goes to the lab's endpoint, never to
 * AWS, and is signed on the wall clock (the lab checks signatures against it).
 */
import { queryCall, xmlField } from '../client/query-call.js';
import type { QueryAnswer } from '../client/query-call.js';
import type { AwsCredentials, FoundCredentials, RoleToAssume } from './aws-credentials.js';

type AssumedCredentials = { readonly kind: 'ok'; readonly credentials: AwsCredentials } | { readonly kind: 'error'; readonly message: string };

interface AssumeContext {
  readonly endpoint: URL;
  readonly region: string;
  readonly nowMs: () => number;
  readonly fetch: typeof globalThis.fetch;
}

export async function credentialsFor(found: FoundCredentials, context: AssumeContext): Promise<AssumedCredentials> {
  if (found.kind === 'keys') return { kind: 'ok', credentials: found.credentials };
  const source = await credentialsFor(found.role.source, context);
  if (source.kind === 'error') return source;
  return assumeRole(found.role, source.credentials, context);
}

async function assumeRole(role: RoleToAssume, with_: AwsCredentials, context: AssumeContext): Promise<AssumedCredentials> {
  const nowMs = context.nowMs();
  let answer: QueryAnswer;
  try {
    answer = await queryCall({
      endpoint: context.endpoint,
      region: context.region,
      service: 'sts',
      action: 'AssumeRole',
      params: {
        RoleArn: role.roleArn,
        // botocore names a session it opens for a profile `botocore-session-<epoch seconds>` unless role_session_name says.
        RoleSessionName: role.sessionName ?? `botocore-session-${Math.floor(nowMs / 1000)}`,
        ...(role.durationSeconds === undefined ? {} : { DurationSeconds: String(role.durationSeconds) }),
        ...(role.externalId === undefined ? {} : { ExternalId: role.externalId }),
      },
      credentials: with_,
      nowMs,
      fetch: context.fetch,
    });
  } catch (error) {
    return {
      kind: 'error',
      message: `no lab answers at ${context.endpoint.origin} (${error instanceof Error ? error.message : String(error)}): is \`iamlab serve\` running?`,
    };
  }
  const field = (name: string): string | undefined => xmlField(answer.body, name);
  const accessKeyId = field('AccessKeyId');
  const secretAccessKey = field('SecretAccessKey');
  const sessionToken = field('SessionToken');
  if (answer.status === 200 && accessKeyId !== undefined && secretAccessKey !== undefined && sessionToken !== undefined) {
    return { kind: 'ok', credentials: { accessKeyId, secretAccessKey, sessionToken } };
  }
  const code = field('Code') ?? `HTTP ${answer.status}`;
  return {
    kind: 'error',
    message: `profile \`${role.profile}\`: assuming ${role.roleArn} failed: ${code}: ${field('Message') ?? answer.body.slice(0, 200)}`,
  };
}
