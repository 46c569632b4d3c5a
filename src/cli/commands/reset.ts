/** `iamlab reset --yes`: the lab as new — the only way back for a clock that only moves forward. */
import type { Command } from '../command.js';

const RESET_HELP = `Usage: iamlab reset --yes

Resets the running lab to how it first started: every account but the first, every user, role, policy, key,
MFA device, session, instance, bucket and object, and the audit trail are deleted, and the clock goes back to
wall time. The first account's root keys stay the same, so exported credentials keep working.
(The admin API's POST /_iamlab/reset does the same.)
  --yes                do it (without it, nothing happens)
  --endpoint <url>     the lab (default http://127.0.0.1:4566; env IAMLAB_ENDPOINT)
`;

export const resetCommand: Command = {
  kind: 'parsed',
  name: 'reset',
  synopsis: 'reset --yes',
  summary: 'delete everything in the lab and set its clock back to wall time',
  help: RESET_HELP,
  options: { yes: { type: 'boolean' } },
  run: async ({ values, args, endpoint, json, io, client }) => {
    if (args.length > 0) {
      io.err(`iamlab reset: unexpected argument \`${args[0]}\`\n\n${RESET_HELP}`);
      return 2;
    }
    if (values['yes'] !== true) {
      io.err(
        `iamlab reset: this deletes everything in the lab at ${endpoint} and sets its clock back to wall time; run \`iamlab reset --yes\` to do it`,
      );
      return 2;
    }
    await client().post('reset', {});
    io.out(
      json
        ? JSON.stringify({ reset: true, endpoint })
        : `the lab at ${endpoint} is as new: its clock is wall time and it holds only the first account's root keys`,
    );
    return 0;
  },
};
