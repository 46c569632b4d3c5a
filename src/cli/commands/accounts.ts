/** `iamlab accounts [list | create <id>]`: more accounts, for cross-account experiments. */
import type { AdminClient } from '../admin-client.js';
import type { ExitCode, Io } from '../io.js';
import type { Command } from '../command.js';

const ACCOUNTS_HELP = `Usage: iamlab accounts [list | create <account-id>] [--json]

The lab starts with one account (123456789012, or IAMLAB_ACCOUNT_ID). Create more to try cross-account
trust and resource policies; each new account gets its own root keys:
  iamlab accounts create 111122223333
  eval "$(iamlab env --account 111122223333)"    # act as that account's root
  --json               print as JSON
  --endpoint <url>     the lab (default http://127.0.0.1:4566; env IAMLAB_ENDPOINT)
`;

async function accounts(client: AdminClient, args: readonly string[], json: boolean, io: Io): Promise<ExitCode> {
  const [sub = 'list', id, extra] = args;
  if (extra !== undefined || (sub === 'list' && id !== undefined)) {
    io.err(`iamlab accounts: unexpected argument\n\n${ACCOUNTS_HELP}`);
    return 2;
  }
  switch (sub) {
    case 'list': {
      const { accounts: list } = (await client.get('accounts')) as { accounts: string[] };
      io.out(json ? JSON.stringify(list) : list.join('\n'));
      return 0;
    }
    case 'create': {
      if (id === undefined || !/^\d{12}$/.test(id)) {
        io.err(
          `iamlab accounts create: ${id === undefined ? 'needs an account id' : `\`${id}\` is not an account id`}: 12 digits, such as 111122223333`,
        );
        return 2;
      }
      const created = (await client.post('accounts', { account: id })) as { account: string; accessKeyId: string };
      io.out(
        json
          ? JSON.stringify(created, null, 2)
          : `created account ${created.account} (root key ${created.accessKeyId}); use it with: eval "$(iamlab env --account ${created.account})"`,
      );
      return 0;
    }
    default:
      io.err(`iamlab accounts: unknown subcommand \`${sub}\`\n\n${ACCOUNTS_HELP}`);
      return 2;
  }
}

export const accountsCommand: Command = {
  kind: 'parsed',
  name: 'accounts',
  synopsis: 'accounts',
  summary: 'list or create accounts, for cross-account experiments',
  help: ACCOUNTS_HELP,
  options: {},
  run: ({ args, json, io, client }) => accounts(client(), args, json, io),
};
