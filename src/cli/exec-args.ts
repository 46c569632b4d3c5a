/**
 * `iamlab exec`'s arguments: one credential source — `--instance <id>`, `--task-role <role-arn>` or
 * `--pod-identity <role-arn>` — its options, `--endpoint`, then `--` and the command (which may also follow the
 * options without `--`). Options take `--name value` or `--name=value`.
 */
export type ExecSource =
  | { readonly kind: 'instance'; readonly instance: string }
  | { readonly kind: 'task'; readonly roleArn: string; readonly cluster?: string; readonly region?: string }
  | {
      readonly kind: 'pod';
      readonly roleArn: string;
      readonly clusterName?: string;
      readonly namespace?: string;
      readonly serviceAccount?: string;
      readonly podName?: string;
      readonly region?: string;
    };

export interface ExecArgs {
  readonly source: ExecSource;
  readonly endpoint: string | undefined;
  readonly command: readonly string[];
}

const SOURCES = ['--instance', '--task-role', '--pod-identity'] as const;
const POD_ONLY = ['--namespace', '--service-account', '--pod-name'] as const;
const OPTIONS = new Set<string>([...SOURCES, ...POD_ONLY, '--cluster', '--region', '--endpoint']);

export function parseExecArgs(args: readonly string[]): ExecArgs | string {
  const values = new Map<string, string>();
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      i++;
      break;
    }
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!OPTIONS.has(name)) break;
    const value = inline ?? args[++i];
    // `--task-role -- cmd`: the next option (or the `--`) is not a value.
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) return `${name} needs a value`;
    values.set(name, value);
  }
  const command = args.slice(i);
  const given = SOURCES.filter((name) => values.has(name));
  if (given.length !== 1)
    return given.length === 0
      ? 'needs --instance <instance-id>, --task-role <role-arn> or --pod-identity <role-arn>'
      : `takes one of ${given.join(', ')}`;
  if (command.length === 0) return 'needs a command after `--`';
  const endpoint = values.get('--endpoint');
  const source = sourceOf(given[0] as (typeof SOURCES)[number], values);
  return typeof source === 'string' ? source : { source, endpoint, command };
}

function sourceOf(kind: (typeof SOURCES)[number], values: ReadonlyMap<string, string>): ExecSource | string {
  const optional = (name: string, key: string): Record<string, string> => {
    const value = values.get(name);
    return value === undefined ? {} : { [key]: value };
  };
  const notWith = (names: readonly string[]): string | undefined => {
    const stray = names.find((name) => values.has(name));
    return stray === undefined ? undefined : `${stray} does not go with ${kind}`;
  };
  switch (kind) {
    case '--instance':
      return notWith([...POD_ONLY, '--cluster', '--region']) ?? { kind: 'instance', instance: values.get(kind) ?? '' };
    case '--task-role':
      return (
        notWith(POD_ONLY) ?? { kind: 'task', roleArn: values.get(kind) ?? '', ...optional('--cluster', 'cluster'), ...optional('--region', 'region') }
      );
    case '--pod-identity':
      return {
        kind: 'pod',
        roleArn: values.get(kind) ?? '',
        ...optional('--cluster', 'clusterName'),
        ...optional('--namespace', 'namespace'),
        ...optional('--service-account', 'serviceAccount'),
        ...optional('--pod-name', 'podName'),
        ...optional('--region', 'region'),
      };
  }
}
