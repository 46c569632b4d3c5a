/** `iamlab instances`: the lab's EC2 instances, their state, profile and metadata-service endpoint. */
import type { InstanceSummary } from '../../server/admin/instances-route.js';
import type { AdminClient } from '../admin-client.js';
import type { ExitCode, Io } from '../io.js';
import type { Command } from '../command.js';

const INSTANCES_HELP = `Usage: iamlab instances [<instance-id>] [--json]

Lists the lab's EC2 instances (terminated ones while AWS still shows them) with their state, instance
profile and the loopback address of their metadata service — what \`iamlab exec --instance\` points the SDKs at.
  --json               print as JSON
  --endpoint <url>     the lab (default http://127.0.0.1:4566; env IAMLAB_ENDPOINT)
`;

async function instances(client: AdminClient, id: string | undefined, json: boolean, io: Io): Promise<ExitCode> {
  const list =
    id === undefined
      ? ((await client.get('instances')) as { instances: InstanceSummary[] }).instances
      : [(await client.get(`instances/${encodeURIComponent(id)}`)) as InstanceSummary];
  if (json) {
    io.out(JSON.stringify(id === undefined ? list : list[0], null, 2));
    return 0;
  }
  if (list.length === 0) {
    io.out('no instances (aws ec2 run-instances starts one)');
    return 0;
  }
  for (const i of list) {
    io.out(
      `${i.instanceId}  ${i.state.padEnd(13)} ${i.imdsEndpoint ?? '-'}  ${i.instanceProfileArn ?? 'no instance profile'}  (IMDS tokens ${i.httpTokens})`,
    );
  }
  return 0;
}

export const instancesCommand: Command = {
  kind: 'parsed',
  name: 'instances',
  synopsis: 'instances [<id>]',
  summary: 'the EC2 instances and their metadata-service endpoints',
  help: INSTANCES_HELP,
  options: {},
  run: ({ args, json, io, client }) => instances(client(), args[0], json, io),
};
