/**
 * The environment `iamlab exec` runs a command in: exactly one credential source, so the SDKs' and the CLI's
 * default chains pick that one and nothing else (design.md "IMDS"; aws-behaviour.md §4.7):
 * - every credential variable is cleared (keys, session token, profile, web identity, container, IMDS
 *   switches), and AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name an empty file;
 * - AWS_ENDPOINT_URL points at the lab and the region is the instance's, task's or pod's, so the command's
 *   AWS calls reach iamlab and not AWS;
 * - then each source adds its own variables (`isolatedEnvironment`'s `source`).
 * Pure: the files are made by the caller.
 */

/** Variables that would make a default credential chain pick something other than the source exec sets. */
const CREDENTIAL_VARIABLES: readonly string[] = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_EC2_METADATA_SERVICE_ENDPOINT',
  'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
];

interface Isolation {
  readonly labEndpoint: string;
  readonly region: string;
  /** An existing empty file, named by AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE. */
  readonly emptyFile: string;
  /** The one credential source's variables. */
  readonly source: Readonly<Record<string, string>>;
}

export function isolatedEnvironment(environment: NodeJS.ProcessEnv, isolation: Isolation): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...environment };
  for (const name of CREDENTIAL_VARIABLES) delete env[name];
  Object.assign(env, isolation.source);
  env['AWS_SHARED_CREDENTIALS_FILE'] = isolation.emptyFile;
  env['AWS_CONFIG_FILE'] = isolation.emptyFile;
  env['AWS_ENDPOINT_URL'] = isolation.labEndpoint;
  env['AWS_REGION'] = isolation.region;
  env['AWS_DEFAULT_REGION'] = isolation.region;
  return env;
}

/**
 * A container's credential variables (§4.7): the agent's full URI and either the token itself (ECS) or the
 * file holding it (EKS Pod Identity, read again at each fetch). IMDS is switched off, so a chain that found
 * no container credentials could not fall back to a metadata service either.
 */
export function containerSource(credentialsUri: string, token: { readonly kind: 'value' | 'file'; readonly value: string }): Record<string, string> {
  return {
    AWS_CONTAINER_CREDENTIALS_FULL_URI: credentialsUri,
    [token.kind === 'value' ? 'AWS_CONTAINER_AUTHORIZATION_TOKEN' : 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE']: token.value,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
