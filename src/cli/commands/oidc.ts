/**
 * `iamlab oidc token | issuers | jwks`: the token issuers the lab plays (GitHub Actions, EKS, any https URL) and
 * the tokens they sign, for AssumeRoleWithWebIdentity (`$(iamlab oidc token …)` is the token alone). It parses
 * its own arguments, since `--claim` and `--aud` may be repeated.
 */
import { parseArgs } from 'node:util';
import { parseDuration } from '../../clock/duration.js';
import type { AdminClient } from '../admin-client.js';
import { AdminRequestError, adminClient, DEFAULT_ENDPOINT } from '../admin-client.js';
import type { Command, OptionSpecs } from '../command.js';
import type { ExitCode, Io } from '../io.js';

const OIDC_HELP = `Usage: iamlab oidc token --issuer <github|eks|URL> [--sub <sub>] [--aud <aud>]… [--claim k=v]…
                        [--expires-in <duration>] [--alg <alg>] [--region <region>] [--json]
       iamlab oidc issuers [--json]
       iamlab oidc jwks --issuer <github|eks|URL> [--region <region>]

The lab signs web identity tokens for whichever issuer you name, with a key it keeps (made on first use), and
serves each issuer's discovery document and keys under /_iamlab/oidc/<issuer without https://>/.well-known/.
  iamlab oidc token --issuer github --sub repo:octo-org/octo-repo:ref:refs/heads/main
  iamlab oidc token --issuer eks --sub system:serviceaccount:default:my-app
  iamlab oidc token --issuer https://idp.example.com --sub alice --aud my-client --claim email=a@example.com
  aws sts assume-role-with-web-identity --role-arn … --role-session-name s \\
      --web-identity-token "$(iamlab oidc token --issuer github --sub repo:octo-org/octo-repo:pull_request)"

Presets: github is https://token.actions.githubusercontent.com with GitHub's claims derived from the sub
(repository, ref, workflow refs…) and aud sts.amazonaws.com; eks is the lab's cluster
https://oidc.eks.<region>.amazonaws.com/id/<ID>, aud ["sts.amazonaws.com"], sub by default
system:serviceaccount:default:default. Times follow the lab's virtual clock.
  --issuer <issuer>    github, eks, or an https:// issuer URL (create the IAM OIDC provider with that URL)
  --sub <sub>          the subject (required but for eks)
  --aud <aud>          an audience; repeat for several (default: the preset's, none for a URL)
  --claim k=v          an extra or replaced claim, a string; k:=<json> for any JSON value (repeatable)
  --expires-in <d>     lifetime such as 15m or 1h (default 1h; 24h for eks)
  --alg <alg>          RS256 (default), RS384, RS512, ES256, ES384 or ES512
  --region <region>    the eks cluster's region (default us-east-1)
  --json               print the token with its expiration, issuer and key as JSON
  --endpoint <url>     the lab (default ${DEFAULT_ENDPOINT}; env IAMLAB_ENDPOINT)
`;

const OPTIONS: OptionSpecs = {
  issuer: { type: 'string' },
  sub: { type: 'string' },
  aud: { type: 'string', multiple: true },
  claim: { type: 'string', multiple: true },
  'expires-in': { type: 'string' },
  alg: { type: 'string' },
  region: { type: 'string' },
};

const ALL_OPTIONS: OptionSpecs = {
  ...OPTIONS,
  json: { type: 'boolean' },
  endpoint: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

interface OidcArgs {
  readonly positionals: readonly string[];
  readonly values: {
    readonly issuer?: string;
    readonly sub?: string;
    readonly aud?: string[];
    readonly claim?: string[];
    readonly 'expires-in'?: string;
    readonly alg?: string;
    readonly region?: string;
    readonly json?: boolean;
    readonly endpoint?: string;
    readonly help?: boolean;
  };
}

function parse(argv: readonly string[]): OidcArgs | string {
  try {
    const parsed = parseArgs({ args: [...argv], options: ALL_OPTIONS, allowPositionals: true, strict: true });
    const values = parsed.values as OidcArgs['values'];
    return { positionals: parsed.positionals, values };
  } catch (error) {
    return error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
  }
}

/** `k=v` is a string claim; `k:=<json>` any JSON value (GitHub's ids are strings, so `=` is the default). */
function parseClaims(items: readonly string[]): Record<string, unknown> | string {
  const claims: Record<string, unknown> = {};
  for (const item of items) {
    const json = /^([^=:]+):=(.*)$/s.exec(item);
    if (json !== null) {
      try {
        claims[json[1] as string] = JSON.parse(json[2] as string);
      } catch {
        return `--claim \`${item}\`: the value after := is not JSON`;
      }
      continue;
    }
    const text = /^([^=]+)=(.*)$/s.exec(item);
    if (text === null) return `--claim \`${item}\` is not k=v or k:=<json>`;
    claims[text[1] as string] = text[2];
  }
  return claims;
}

async function token(client: AdminClient, args: OidcArgs, io: Io): Promise<ExitCode> {
  const { values } = args;
  if (values.issuer === undefined) {
    io.err('iamlab oidc token: --issuer is required: github, eks or an https:// URL');
    return 2;
  }
  const claims = parseClaims(values.claim ?? []);
  if (typeof claims === 'string') {
    io.err(`iamlab oidc token: ${claims}`);
    return 2;
  }
  let expiresIn: number | undefined;
  if (values['expires-in'] !== undefined) {
    const ms = parseDuration(values['expires-in']);
    if (ms === undefined || ms < 1000 || ms % 1000 !== 0) {
      io.err(`iamlab oidc token: --expires-in takes a duration such as 15m or 1h, not \`${values['expires-in']}\``);
      return 2;
    }
    expiresIn = ms / 1000;
  }
  const aud = values.aud === undefined ? undefined : values.aud.length === 1 ? values.aud[0] : values.aud;
  const issued = (await client.post('oidc/token', {
    issuer: values.issuer,
    ...(values.sub === undefined ? {} : { sub: values.sub }),
    ...(aud === undefined ? {} : { aud }),
    ...(values.claim === undefined ? {} : { claims }),
    ...(expiresIn === undefined ? {} : { expiresIn }),
    ...(values.alg === undefined ? {} : { alg: values.alg }),
    ...(values.region === undefined ? {} : { region: values.region }),
  })) as { token: string };
  io.out(values.json === true ? JSON.stringify(issued, null, 2) : issued.token);
  return 0;
}

interface IssuerView {
  readonly issuer: string;
  readonly outboundAccount?: string;
  readonly discoveryUrl: string;
  readonly jwksUrl: string;
  readonly keys: readonly { readonly kid: string; readonly alg: string; readonly created: string }[];
}

async function listIssuers(client: AdminClient): Promise<IssuerView[]> {
  return ((await client.get('oidc/issuers')) as { issuers: IssuerView[] }).issuers;
}

async function issuers(client: AdminClient, json: boolean, io: Io): Promise<ExitCode> {
  const list = await listIssuers(client);
  if (json) io.out(JSON.stringify(list, null, 2));
  else if (list.length === 0) io.out('no issuers yet (iamlab oidc token --issuer … makes the first key)');
  else {
    for (const issuer of list) {
      const owner = issuer.outboundAccount === undefined ? '' : `  (outbound federation of ${issuer.outboundAccount})`;
      io.out(`${issuer.issuer}${owner}\n  keys: ${issuer.keys.map((key) => `${key.alg} ${key.kid}`).join(', ')}\n  jwks: ${issuer.jwksUrl}`);
    }
  }
  return 0;
}

/** The issuer URL a preset name stands for, found among the issuers the lab holds keys for. */
function presetIssuer(list: readonly IssuerView[], issuer: string, region: string): string | undefined {
  if (issuer === 'github') return 'https://token.actions.githubusercontent.com';
  if (issuer !== 'eks') return issuer;
  return list.find((view) => view.issuer.startsWith(`https://oidc.eks.${region}.amazonaws.com/id/`))?.issuer;
}

async function jwks(client: AdminClient, args: OidcArgs, io: Io): Promise<ExitCode> {
  const { values } = args;
  if (values.issuer === undefined) {
    io.err('iamlab oidc jwks: --issuer is required: github, eks or an https:// URL');
    return 2;
  }
  const list = await listIssuers(client);
  const url = presetIssuer(list, values.issuer, values.region ?? 'us-east-1');
  const found = list.find((view) => view.issuer === url);
  if (found === undefined) {
    io.err(`iamlab oidc jwks: the lab holds no key for \`${url ?? values.issuer}\` yet: iamlab oidc token --issuer ${values.issuer} … makes one`);
    return 1;
  }
  io.out(JSON.stringify(await client.get(`oidc/${found.issuer.slice('https://'.length)}/.well-known/jwks.json`), null, 2));
  return 0;
}

async function oidcMain(argv: readonly string[], environment: NodeJS.ProcessEnv, io: Io): Promise<ExitCode> {
  const args = parse(argv);
  if (typeof args === 'string') {
    io.err(`iamlab oidc: ${args}\n\n${OIDC_HELP}`);
    return 2;
  }
  if (args.values.help === true) {
    io.out(OIDC_HELP);
    return 0;
  }
  const [action, extra] = args.positionals;
  if (extra !== undefined || (action !== 'token' && action !== 'issuers' && action !== 'jwks')) {
    io.err(`iamlab oidc: expected \`token\`, \`issuers\` or \`jwks\`\n\n${OIDC_HELP}`);
    return 2;
  }
  const endpoint = args.values.endpoint ?? environment['IAMLAB_ENDPOINT'] ?? DEFAULT_ENDPOINT;
  const client = adminClient(endpoint, environment['IAMLAB_ADMIN_TOKEN']);
  try {
    switch (action) {
      case 'token':
        return await token(client, args, io);
      case 'issuers':
        return await issuers(client, args.values.json === true, io);
      case 'jwks':
        return await jwks(client, args, io);
    }
  } catch (error) {
    if (error instanceof AdminRequestError) {
      io.err(`iamlab oidc ${action}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

export const oidcCommand: Command = {
  kind: 'raw',
  name: 'oidc',
  synopsis: 'oidc token --issuer <…>',
  summary: 'web identity tokens signed by the lab as GitHub Actions, EKS or any issuer; their keys',
  help: OIDC_HELP,
  options: OPTIONS,
  runRaw: (argv, environment, io) => oidcMain(argv, environment, io),
};
