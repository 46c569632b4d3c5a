/**
 * `iamlab report credentials` and `iamlab report last-used <principal>`: IAM's usage answers (the credential
 * report, access keys' and services' last use) for a person to read, from the lab's audit trail on the virtual
 * clock. The data is the lab's as it stands now, where IAM's own credential report may be up to 4 hours old.
 */
import type { AdminClient } from '../admin-client.js';
import type { ExitCode, Io } from '../io.js';
import type { Command } from '../command.js';

const REPORT_HELP = `Usage: iamlab report credentials [--csv] [--account <id>] [--json]
       iamlab report last-used <user|role|access-key-id|ARN> [--account <id>] [--json]

What a security engineer asks of IAM, answered from the lab's audit trail on the virtual clock:
  credentials          the credential report: every user (and the root) with password, MFA and access keys,
                       each key's last use (date, service, region); --csv prints AWS's 22-column CSV
  last-used <name>     the services (and actions) a user or role called, and when; its access keys' last use.
                       A name both a user and a role carry must be given as an ARN.
Times are virtual (\`iamlab clock\`), in UTC.
  --csv                the CSV GetCredentialReport returns (its columns and formats), not a table
  --account <id>       another account of the lab (default: the lab's first account)
  --json               print as JSON
  --endpoint <url>     the lab (default http://127.0.0.1:4566; env IAMLAB_ENDPOINT)
`;

interface CredentialsView {
  readonly account: string;
  readonly generated: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly csv: string;
}

interface KeyView {
  readonly accessKeyId: string;
  readonly status: string;
  readonly created: string;
  readonly lastUsed: string | null;
  readonly service: string | null;
  readonly region: string | null;
}

interface ServiceView {
  readonly namespace: string;
  readonly lastUsed: string;
  readonly region: string;
  readonly actions: readonly { readonly action: string; readonly lastUsed: string; readonly region: string }[];
}

interface LastUsedView {
  readonly account: string;
  readonly principal: {
    readonly type: string;
    readonly arn?: string;
    readonly name?: string;
    readonly accessKeyId?: string;
    readonly owner?: string;
  };
  readonly keys: readonly KeyView[];
  readonly services: readonly ServiceView[];
  readonly roleLastUsed?: { readonly lastUsed: string; readonly region: string } | null;
}

/** `2024-01-02T03:04:05+00:00` or `…Z` → `2024-01-02 03:04:05`. */
const short = (time: string): string => time.replace('T', ' ').replace(/(\.\d+)?(Z|\+00:00)$/, '');

/** Text columns padded to their widest cell. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows.reduce<number[]>((max, row) => row.map((cell, i) => Math.max(max[i] ?? 0, cell.length)), []);
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '));
}

/** A key's five report cells (active, last rotated, last used date, region, service) in words. */
function keyCell(cells: readonly string[]): string {
  const [active, rotated, used, region, service] = cells;
  if (active === 'false' && rotated === 'N/A') return '-';
  const where = service === undefined || service === 'N/A' ? '' : ` (${service}${region === undefined || region === 'N/A' ? '' : ` ${region}`})`;
  return `${active === 'true' ? 'active' : 'inactive'}, ${used === undefined || used === 'N/A' ? 'never used' : `used ${short(used)}${where}`}`;
}

function passwordCell(enabled: string | undefined, lastUsed: string | undefined): string {
  if (enabled === 'not_supported') return 'root';
  if (enabled !== 'true') return 'none';
  return lastUsed === undefined || lastUsed === 'no_information' ? 'set, never used' : `set, used ${short(lastUsed)}`;
}

function printCredentials(view: CredentialsView, io: Io): void {
  const rows = view.rows.map((row) => [
    row[0] ?? '',
    row[2] === undefined || row[2] === 'N/A' ? '-' : short(row[2]),
    passwordCell(row[3], row[4]),
    row[7] === 'true' ? 'yes' : 'no',
    keyCell(row.slice(8, 13)),
    keyCell(row.slice(13, 18)),
  ]);
  io.out(`credential report of account ${view.account} at ${short(view.generated)} (virtual time)`);
  for (const line of table([['USER', 'CREATED', 'PASSWORD', 'MFA', 'ACCESS KEY 1', 'ACCESS KEY 2'], ...rows])) io.out(line);
}

function printLastUsed(view: LastUsedView, io: Io): void {
  const { principal } = view;
  io.out(
    principal.type === 'access-key'
      ? `access key ${principal.accessKeyId ?? ''} of ${principal.owner ?? ''}`
      : `${principal.type} ${principal.name ?? ''} (${principal.arn ?? ''})`.replace(' ()', ''),
  );
  if (view.roleLastUsed !== undefined) {
    io.out(
      view.roleLastUsed === null ? 'role last used: never' : `role last used: ${short(view.roleLastUsed.lastUsed)} in ${view.roleLastUsed.region}`,
    );
  }
  if (view.keys.length > 0) {
    io.out('access keys:');
    const rows = view.keys.map((key) => [
      `  ${key.accessKeyId}`,
      key.status,
      key.lastUsed === null ? 'never used' : `last used ${short(key.lastUsed)}`,
      key.service === null ? '' : `${key.service} in ${key.region ?? '?'}`,
    ]);
    for (const line of table(rows)) io.out(line.trimEnd());
  }
  if (view.services.length === 0) {
    const root = principal.type === 'root' || (principal.owner ?? '').endsWith(':root');
    io.out(root ? 'services: (the root is no IAM entity: access advisor keeps no data for it)' : 'services: none used');
    return;
  }
  io.out('services (most recent first):');
  const rows: string[][] = [];
  for (const service of view.services) {
    rows.push([`  ${service.namespace}`, short(service.lastUsed), service.region]);
    for (const action of service.actions) rows.push([`    ${action.action}`, short(action.lastUsed), action.region]);
  }
  for (const line of table(rows)) io.out(line);
}

async function report(
  client: AdminClient,
  args: readonly string[],
  options: { csv: boolean; account: string | undefined; json: boolean },
  io: Io,
): Promise<ExitCode> {
  const [sub, principal, extra] = args;
  const account = options.account === undefined ? '' : `account=${encodeURIComponent(options.account)}`;
  if (sub === 'credentials' && principal === undefined) {
    const view = (await client.get(`reports/credentials${account === '' ? '' : `?${account}`}`)) as CredentialsView;
    if (options.csv) io.out(view.csv);
    else if (options.json) io.out(JSON.stringify(view, null, 2));
    else printCredentials(view, io);
    return 0;
  }
  if (sub === 'last-used' && principal !== undefined && extra === undefined) {
    const view = (await client.get(
      `reports/last-used?principal=${encodeURIComponent(principal)}${account === '' ? '' : `&${account}`}`,
    )) as LastUsedView;
    if (options.json) io.out(JSON.stringify(view, null, 2));
    else printLastUsed(view, io);
    return 0;
  }
  io.err(`iamlab report: expected \`credentials\` or \`last-used <principal>\`\n\n${REPORT_HELP}`);
  return 2;
}

export const reportCommand: Command = {
  kind: 'parsed',
  name: 'report',
  synopsis: 'report credentials | last-used <principal>',
  summary: 'the credential report, and what a user, role or key last used (from the audit trail)',
  help: REPORT_HELP,
  options: { csv: { type: 'boolean' }, account: { type: 'string' } },
  run: ({ values, args, json, io, client }) =>
    report(client(), args, { csv: values['csv'] === true, account: typeof values['account'] === 'string' ? values['account'] : undefined, json }, io),
};
