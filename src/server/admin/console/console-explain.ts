/**
 * `GET /_iamlab/ui/api/explain?request-id=…`: one audit event and the documents of the policies its
 * explanation names, so the console can show the deciding statement inside its policy (the explanation
 * itself is the authorizer's, as `iamlab explain` renders it). Which document: a managed policy by its ARN
 * (its default version now), an inline policy by name from the caller's role or user (and the user's
 * groups), a trust policy from the role the request named. These are the documents as they are now, which
 * the page says; a session policy or a bucket policy is named but not shown.
 */
import type { PolicyKind } from '../../../policy/types.js';
import { resolveManaged } from '../../../services/iam/iam-reads.js';
import type { IamState, InlinePolicyRecord, RoleRecord, UserRecord } from '../../../services/iam/index.js';
import type { Json } from '../../../store/port.js';
import type { ConsoleDeps } from './console-deps.js';

interface PolicyRef {
  readonly kind: PolicyKind;
  readonly name: string;
  readonly arn?: string;
}

export async function explainRequest(deps: ConsoleDeps, requestId: string): Promise<Json | undefined> {
  const [event] = await deps.queryEvents({ requestId, limit: 1 });
  if (event === undefined) return undefined;
  const body = event.body as { principalArn?: string | null; resources?: readonly string[]; explanation?: Json };
  const refs = policyRefs(body.explanation ?? null);
  const documents = refs.map((ref) => {
    const text = documentOf(deps.iam, ref, body.principalArn ?? null, body.resources ?? []);
    return { policy: { ...ref }, text: text ?? null };
  });
  return { event: { seq: event.seq, ...(event.body as { [key: string]: Json }) }, documents };
}

/** Every policy the explanation names (deciding statements and traced ones), once each. */
function policyRefs(explanation: Json): PolicyRef[] {
  const found = new Map<string, PolicyRef>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const policy = record['policy'] as { kind?: unknown; name?: unknown; arn?: unknown } | undefined;
    if (policy !== undefined && typeof policy.kind === 'string' && typeof policy.name === 'string') {
      const ref: PolicyRef = {
        kind: policy.kind as PolicyKind,
        name: policy.name,
        ...(typeof policy.arn === 'string' ? { arn: policy.arn } : {}),
      };
      found.set(`${ref.kind}|${ref.arn ?? ref.name}`, ref);
    }
    for (const child of Object.values(record)) if (typeof child === 'object') visit(child);
  };
  visit(explanation);
  return [...found.values()];
}

function documentOf(iam: IamState, ref: PolicyRef, principalArn: string | null, resources: readonly string[]): string | undefined {
  if (ref.arn !== undefined) return resolveManaged(iam, ref.arn, ref.kind === 'boundary' ? 'boundary' : 'identity')?.text;
  if (ref.kind === 'trust') {
    const role = resources.map((arn) => roleByArn(iam, arn)).find((r) => r !== undefined);
    return role?.trust;
  }
  if (ref.kind !== 'identity' || principalArn === null) return undefined;
  const caller = callerEntity(iam, principalArn);
  if (caller === undefined) return undefined;
  const own = inlineNamed(caller.inline, ref.name);
  if (own !== undefined || caller.kind === 'role') return own;
  for (const groupId of caller.groupIds) {
    const group = iam.index.get('group', groupId);
    const text = group === undefined ? undefined : inlineNamed(group.inline, ref.name);
    if (text !== undefined) return text;
  }
  return undefined;
}

function inlineNamed(inline: readonly InlinePolicyRecord[], name: string): string | undefined {
  return inline.find((p) => p.name === name)?.text;
}

/** `arn:aws:sts::<account>:assumed-role/<role>/<session>` or `arn:aws:iam::<account>:user/<path><name>`. */
function callerEntity(iam: IamState, arn: string): RoleRecord | UserRecord | undefined {
  const parts = /^arn:aws:(sts|iam)::(\d{12}):(assumed-role|user)\/(.+)$/.exec(arn);
  if (parts === null) return undefined;
  const [, , account, type, rest] = parts as unknown as [string, string, string, string, string];
  if (type === 'assumed-role') return iam.index.byName('role', account, rest.split('/')[0] ?? '');
  return iam.index.byName('user', account, rest.split('/').pop() ?? '');
}

function roleByArn(iam: IamState, arn: string): RoleRecord | undefined {
  const parts = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return parts === null ? undefined : iam.index.byName('role', parts[1] as string, parts[2] as string);
}
