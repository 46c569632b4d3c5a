/** `iamlab revoke-sessions <role>`: what the IAM console's "Revoke active sessions" button does. */
import type { AdminClient } from '../admin-client.js';
import type { ExitCode, Io } from '../io.js';
import type { Command } from '../command.js';

const REVOKE_SESSIONS_HELP = `Usage: iamlab revoke-sessions <role-name> [--json]

Denies everything to the role's sessions issued before now (virtual time), exactly as the IAM console's
"Revoke active sessions" does: it puts the inline role policy AWSRevokeOlderSessions with a
DateLessThan aws:TokenIssueTime condition. Sessions issued afterwards are unaffected; running it again moves the
cutoff; deleting the policy (aws iam delete-role-policy) restores the old sessions.
  --json               print the result as JSON
  --endpoint <url>     the lab (default http://127.0.0.1:4566; env IAMLAB_ENDPOINT)
`;

async function revokeSessions(client: AdminClient, roleName: string | undefined, json: boolean, io: Io): Promise<ExitCode> {
  if (roleName === undefined) {
    io.err(`iamlab revoke-sessions: needs a role name\n\n${REVOKE_SESSIONS_HELP}`);
    return 2;
  }
  const result = (await client.post('revoke-sessions', { role: roleName })) as { roleName: string; cutoff: string; requestId: string };
  io.out(
    json
      ? JSON.stringify(result, null, 2)
      : `revoked sessions of role ${result.roleName} issued before ${result.cutoff} (policy AWSRevokeOlderSessions, request ${result.requestId})`,
  );
  return 0;
}

export const revokeSessionsCommand: Command = {
  kind: 'parsed',
  name: 'revoke-sessions',
  synopsis: 'revoke-sessions <role>',
  summary: "deny the role's existing sessions, as the IAM console's button does",
  help: REVOKE_SESSIONS_HELP,
  options: {},
  run: ({ args, json, io, client }) => revokeSessions(client(), args[0], json, io),
};
