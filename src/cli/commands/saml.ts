/** `iamlab saml metadata | assertion`: the lab's SAML identity provider, for IAM SAML providers and AssumeRoleWithSAML. */
import type { AdminClient } from '../admin-client.js';
import type { Command, CommandInput } from '../command.js';
import { wholeNumberOption } from '../command.js';
import type { ExitCode, Io } from '../io.js';

const SAML_HELP = `Usage: iamlab saml metadata [--json]
       iamlab saml assertion --provider <saml-provider-arn> --role <role-arn> --subject <name-id>
                             [--attribute <name>=<value>]... [--session-name <name>] [--subject-format <format>]
                             [--session-duration <seconds>] [--expires-in <seconds>] [--sign-response] [--json]

The lab has one SAML 2.0 identity provider (its key and certificate are made on first use and kept).
  metadata    prints its metadata document, for IAM:
                iamlab saml metadata > idp.xml
                aws iam create-saml-provider --name LabIdP --saml-metadata-document file://idp.xml
  assertion   prints a signed SAML response (base64), dated on the lab's clock, for AssumeRoleWithSAML:
                aws sts assume-role-with-saml --role-arn <role-arn> --principal-arn <saml-provider-arn> \\
                  --saml-assertion "$(iamlab saml assertion --provider <saml-provider-arn> --role <role-arn> --subject alice)"

  --subject-format     persistent (default), transient, emailAddress, unspecified, … or a Format URI
  --session-name       the RoleSessionName attribute (default: the subject)
  --attribute k=v      another attribute, repeatable; a name that is not a URI is one of AWS's:
                       PrincipalTag:team=blue, SourceIdentity=alice, TransitiveTagKeys=team
                       (https://aws.amazon.com/SAML/Attributes/…); the same name twice gives two values
  --session-duration   the SessionDuration attribute, in seconds
  --expires-in         seconds the assertion can be redeemed (default 300; AWS also wants it used within 5 minutes)
  --sign-response      sign the Response as well as the Assertion
  --json               print the admin API's JSON
  --endpoint <url>     the lab (default http://127.0.0.1:4566; env IAMLAB_ENDPOINT)
`;

async function metadata(client: AdminClient, json: boolean, io: Io): Promise<ExitCode> {
  const answer = (await client.get('saml/metadata?format=json')) as { metadata: string };
  io.out(json ? JSON.stringify(answer, null, 2) : answer.metadata);
  return 0;
}

/** `--attribute` values (parseArgs gives a list for a `multiple` option, whatever the values' declared type). */
function attributesOf(raw: unknown): Record<string, string[]> | string {
  const list = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : typeof raw === 'string' ? [raw] : [];
  const attributes: Record<string, string[]> = {};
  for (const pair of list) {
    const equals = pair.indexOf('=');
    if (equals <= 0) return `--attribute takes <name>=<value>, not \`${pair}\``;
    const name = pair.slice(0, equals);
    (attributes[name] ??= []).push(pair.slice(equals + 1));
  }
  return attributes;
}

async function assertion(input: CommandInput): Promise<ExitCode> {
  const { values, io } = input;
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);
  const provider = text('provider');
  const role = text('role');
  const subject = text('subject');
  if (provider === undefined || role === undefined || subject === undefined) {
    io.err('iamlab saml assertion: needs --provider <saml-provider-arn>, --role <role-arn> and --subject <name-id>');
    return 2;
  }
  const attributes = attributesOf(values['attribute']);
  if (typeof attributes === 'string') {
    io.err(`iamlab saml assertion: ${attributes}`);
    return 2;
  }
  const sessionDuration = wholeNumberOption(values['session-duration'], 0, 1, 1_000_000);
  const expiresIn = wholeNumberOption(values['expires-in'], 300, 1, 86_400);
  if (sessionDuration === undefined || expiresIn === undefined) {
    io.err('iamlab saml assertion: --session-duration and --expires-in take whole numbers of seconds');
    return 2;
  }
  const subjectFormat = text('subject-format');
  const sessionName = text('session-name');
  const answer = (await input.client().post('saml/assertion', {
    provider,
    role,
    subject,
    attributes,
    expiresIn,
    ...(subjectFormat === undefined ? {} : { subjectFormat }),
    ...(sessionName === undefined ? {} : { sessionName }),
    ...(sessionDuration === 0 ? {} : { sessionDuration }),
    ...(values['sign-response'] === true ? { signResponse: true } : {}),
  })) as { assertion: string };
  // Only the base64, so that `--saml-assertion "$(iamlab saml assertion …)"` works.
  io.out(input.json ? JSON.stringify(answer, null, 2) : answer.assertion);
  return 0;
}

export const samlCommand: Command = {
  kind: 'parsed',
  name: 'saml',
  synopsis: 'saml metadata|assertion',
  summary: "the lab's SAML identity provider: metadata for IAM, signed assertions for AssumeRoleWithSAML",
  help: SAML_HELP,
  options: {
    provider: { type: 'string' },
    role: { type: 'string' },
    subject: { type: 'string' },
    'subject-format': { type: 'string' },
    'session-name': { type: 'string' },
    attribute: { type: 'string', multiple: true },
    'session-duration': { type: 'string' },
    'expires-in': { type: 'string' },
    'sign-response': { type: 'boolean' },
  },
  run: (input) => {
    const [sub, extra] = input.args;
    if (extra === undefined && sub === 'metadata') return metadata(input.client(), input.json, input.io);
    if (extra === undefined && sub === 'assertion') return assertion(input);
    input.io.err(`iamlab saml: expected \`metadata\` or \`assertion\`\n\n${SAML_HELP}`);
    return 2;
  },
};
