/**
 * Commands that ask GetCallerIdentity through a client's default credential chain, for tests that run them
 * under `iamlab exec`: each prints `{"Arn": …}` (boto3 adds the credential `method` botocore chose).
 */

/** The AWS CLI. */
export const awsCliWhoAmI = (endpoint: string): string[] => ['aws', '--endpoint-url', endpoint, 'sts', 'get-caller-identity', '--output', 'json'];

/** boto3, with the name of the provider botocore's chain picked (`container-role`, `assume-role-with-web-identity`…). */
export const boto3WhoAmI = (python: string): string[] => [
  python,
  '-c',
  [
    'import boto3, json, os',
    'session = boto3.Session()',
    'method = session.get_credentials().method',
    "me = session.client('sts', endpoint_url=os.environ['AWS_ENDPOINT_URL']).get_caller_identity()",
    "print(json.dumps({'Arn': me['Arn'], 'method': method}))",
  ].join('\n'),
];

/** The JS SDK: the client's default chain, or `fromNodeProviderChain()` given explicitly; an error exits 3 with `<name>: <message>`. */
export const nodeWhoAmI = (explicit = false): string[] => [
  process.execPath,
  '-e',
  [
    "const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');",
    "const { fromNodeProviderChain } = require('@aws-sdk/credential-providers');",
    '(async () => {',
    `  const sts = new STSClient({ endpoint: process.env.AWS_ENDPOINT_URL, maxAttempts: 1${explicit ? ', credentials: fromNodeProviderChain()' : ''} });`,
    '  const me = await sts.send(new GetCallerIdentityCommand({}));',
    '  process.stdout.write(JSON.stringify({ Arn: me.Arn }));',
    '})().catch((e) => { process.stderr.write(`${e.name}: ${e.message}`); process.exit(3); });',
  ].join('\n'),
];
