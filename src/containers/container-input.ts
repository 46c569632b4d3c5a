/**
 * What creating a task or a pod takes, checked before anything is made: the role (an IAM role ARN of a role
 * that exists: ECS and EKS refuse names they cannot resolve) and the names, with the rules of ECS and
 * Kubernetes (ECS cluster names: letters, digits, `-` and `_`, up to 255; EKS cluster names start with a
 * letter or digit, up to 100; namespaces are DNS labels, up to 63; service accounts and pods DNS subdomains,
 * up to 253). Messages follow Cedar's guide (conventions.md habit 9). Pure.
 */
import { DEFAULT_REGION, parseArn } from '../arn/arn.js';
import { roleByArn } from '../services/iam/iam-reads.js';
import type { IamState } from '../services/iam/iam-state.js';

export interface TaskInput {
  readonly roleArn: string;
  readonly cluster?: string;
  readonly region?: string;
}

export interface PodInput {
  readonly roleArn: string;
  readonly clusterName?: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly podName?: string;
  readonly region?: string;
}

type Checked<T> = { readonly kind: 'ok'; readonly value: T } | { readonly kind: 'invalid'; readonly status: 400 | 404; readonly message: string };

interface CheckedRole {
  readonly account: string;
  readonly region: string;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ECS_CLUSTER = /^[A-Za-z0-9_-]{1,255}$/;
const EKS_CLUSTER = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function checkRole(iam: IamState, roleArn: string, region: string | undefined): Checked<CheckedRole> {
  if (!ROLE_ARN.test(roleArn))
    return { kind: 'invalid', status: 400, message: `\`${roleArn}\` is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)` };
  if (roleByArn(iam, roleArn) === undefined) return { kind: 'invalid', status: 404, message: `no role \`${roleArn}\` in the lab` };
  const wanted = region ?? DEFAULT_REGION;
  if (!REGION.test(wanted)) return { kind: 'invalid', status: 400, message: `\`${wanted}\` is not a region name such as \`us-east-1\`` };
  return { kind: 'ok', value: { account: parseArn(roleArn)?.account ?? '', region: wanted } };
}

export function checkName(what: string, value: string, rule: 'ecs-cluster' | 'eks-cluster' | 'dns-label' | 'dns-subdomain'): string | undefined {
  const ok =
    rule === 'ecs-cluster'
      ? ECS_CLUSTER.test(value)
      : rule === 'eks-cluster'
        ? EKS_CLUSTER.test(value)
        : rule === 'dns-label'
          ? DNS_LABEL.test(value)
          : value.length <= 253 && DNS_SUBDOMAIN.test(value);
  if (ok) return undefined;
  const hints = {
    'ecs-cluster': 'letters, digits, `-` and `_`, up to 255 characters',
    'eks-cluster': 'letters, digits, `-` and `_`, starting with a letter or digit, up to 100 characters',
    'dns-label': 'lower-case letters, digits and `-`, up to 63 characters, starting and ending with a letter or digit',
    'dns-subdomain': 'lower-case letters, digits, `-` and `.`, up to 253 characters',
  } as const;
  return `the ${what} \`${value}\` is not valid: use ${hints[rule]}`;
}
