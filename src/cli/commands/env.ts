/** `iamlab env`: the export lines that point the AWS CLI and SDKs at a running lab as its root user. */
import { DEFAULT_REGION } from '../../arn/arn.js';
import { AdminRequestError } from '../admin-client.js';
import type { AdminClient } from '../admin-client.js';
import type { ExitCode, Io } from '../io.js';
import type { Command } from '../command.js';

const ENV_HELP = `Usage: iamlab env [--account <id>] [--region <region>] [--endpoint <url>] [--json]

Prints shell export lines for the running lab's root credentials:
  eval "$(npx iamlab env)"

Options:
  --account <id>       another account's root (see iamlab accounts); default: the lab's first account
  --region <region>    region to export (default us-east-1)
  --endpoint <url>     the lab (default http://127.0.0.1:4566; env IAMLAB_ENDPOINT)
  --json               print the values as JSON
`;

async function env(client: AdminClient, endpoint: string, region: string, account: string | undefined, json: boolean, io: Io): Promise<ExitCode> {
  const path = account === undefined ? 'credentials/root' : `credentials/root?account=${encodeURIComponent(account)}`;
  let credentials: { account: string; accessKeyId: string; secretAccessKey: string };
  try {
    credentials = (await client.get(path)) as typeof credentials;
  } catch (error) {
    if (account === undefined || !(error instanceof AdminRequestError) || error.status !== 404) throw error;
    io.err(`iamlab env: no account \`${account}\` in the lab; \`iamlab accounts create ${account}\` makes one`);
    return 1;
  }
  const values: [string, string][] = [
    ['AWS_ENDPOINT_URL', endpoint],
    ['AWS_ACCESS_KEY_ID', credentials.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey],
    ['AWS_DEFAULT_REGION', region],
    ['AWS_REGION', region],
    ['IAMLAB_ENDPOINT', endpoint],
  ];
  if (json) {
    io.out(JSON.stringify(Object.fromEntries(values), null, 2));
    return 0;
  }
  const lines = values.map(([name, value]) => `export ${name}=${shellQuote(value)}`);
  // Other credential sources would win over these variables in some tools: clear them.
  lines.push('unset AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_PROFILE');
  lines.push(`# account ${credentials.account}, root user. AWS CLIs older than 1.29 / 2.13 ignore AWS_ENDPOINT_URL: pass --endpoint-url ${endpoint}`);
  io.out(lines.join('\n'));
  return 0;
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:+=@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export const envCommand: Command = {
  kind: 'parsed',
  name: 'env',
  synopsis: 'env',
  summary: 'print export lines that point the AWS CLI and SDKs at the lab',
  help: ENV_HELP,
  options: { region: { type: 'string' }, account: { type: 'string' } },
  run: ({ values, environment, endpoint, json, io, client }) =>
    env(
      client(),
      endpoint,
      typeof values['region'] === 'string' ? values['region'] : (environment['AWS_REGION'] ?? DEFAULT_REGION),
      typeof values['account'] === 'string' ? values['account'] : undefined,
      json,
      io,
    ),
};
