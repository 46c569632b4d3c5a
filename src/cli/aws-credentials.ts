/**
 * The AWS keys a command signs with, found where the AWS CLI finds static keys, in botocore's order
 * (botocore `credentials.py`, `create_credential_resolver`):
 * 1. an explicit `--profile`: that profile only (botocore drops the environment provider when a profile is
 *    passed explicitly, so `--profile` beats AWS_ACCESS_KEY_ID);
 * 2. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, with AWS_SESSION_TOKEN (or the older AWS_SECURITY_TOKEN);
 * 3. the profile AWS_PROFILE names, else `default`, in the shared credentials file (AWS_SHARED_CREDENTIALS_FILE,
 *    else ~/.aws/credentials): aws_access_key_id, aws_secret_access_key, aws_session_token.
 * Only static keys: role, SSO and process profiles, ~/.aws/config and the container and instance providers are
 * not read. An empty variable or setting counts as absent.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseIni } from './parse-ini.js';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

type CredentialsLookup =
  | { readonly kind: 'found'; readonly credentials: AwsCredentials }
  /** Nothing anywhere: no variables, and no file or no `default` profile when no profile was named. */
  | { readonly kind: 'none' }
  /** Something was there but unusable: half a key pair, a named profile that does not exist, an unreadable file. */
  | { readonly kind: 'problem'; readonly message: string };

/** Returns the file's text, or undefined when it does not exist; throws on other read errors. */
export type ReadText = (path: string) => string | undefined;

export function findAwsCredentials(
  environment: NodeJS.ProcessEnv,
  explicitProfile: string | undefined,
  readText: ReadText = readIfExists,
): CredentialsLookup {
  const variable = (name: string): string | undefined => nonEmpty(environment[name]);
  if (explicitProfile !== undefined) return fromProfile(environment, explicitProfile, true, readText);
  const accessKeyId = variable('AWS_ACCESS_KEY_ID');
  const secretAccessKey = variable('AWS_SECRET_ACCESS_KEY');
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    const sessionToken = variable('AWS_SESSION_TOKEN') ?? variable('AWS_SECURITY_TOKEN');
    return { kind: 'found', credentials: { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) } };
  }
  if (accessKeyId !== undefined) return { kind: 'problem', message: 'AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not' };
  if (secretAccessKey !== undefined) return { kind: 'problem', message: 'AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not' };
  const named = variable('AWS_PROFILE');
  return fromProfile(environment, named ?? 'default', named !== undefined, readText);
}

/** AWS_SHARED_CREDENTIALS_FILE (a leading `~` is the home directory, as the AWS CLI reads it), else ~/.aws/credentials. */
function credentialsFilePath(environment: NodeJS.ProcessEnv): string {
  const home = nonEmpty(environment['HOME']) ?? homedir();
  const configured = nonEmpty(environment['AWS_SHARED_CREDENTIALS_FILE']);
  if (configured === undefined) return join(home, '.aws', 'credentials');
  return configured === '~' || configured.startsWith('~/') ? join(home, configured.slice(1)) : configured;
}

function fromProfile(environment: NodeJS.ProcessEnv, profile: string, named: boolean, readText: ReadText): CredentialsLookup {
  const path = credentialsFilePath(environment);
  let text: string | undefined;
  try {
    text = readText(path);
  } catch (error) {
    return { kind: 'problem', message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (text === undefined) {
    return named ? { kind: 'problem', message: `profile \`${profile}\` not found: ${path} does not exist` } : { kind: 'none' };
  }
  const section = parseIni(text).get(profile);
  if (section === undefined) {
    return named ? { kind: 'problem', message: `profile \`${profile}\` not found in ${path}` } : { kind: 'none' };
  }
  const accessKeyId = nonEmpty(section.get('aws_access_key_id'));
  const secretAccessKey = nonEmpty(section.get('aws_secret_access_key'));
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    if (!named && accessKeyId === undefined && secretAccessKey === undefined) return { kind: 'none' };
    const missing = [accessKeyId === undefined ? 'aws_access_key_id' : undefined, secretAccessKey === undefined ? 'aws_secret_access_key' : undefined]
      .filter((name) => name !== undefined)
      .join(' and ');
    return {
      kind: 'problem',
      message: `profile \`${profile}\` in ${path} has no ${missing} (only static keys are read, not role, SSO or process profiles)`,
    };
  }
  const sessionToken = nonEmpty(section.get('aws_session_token')) ?? nonEmpty(section.get('aws_security_token'));
  return { kind: 'found', credentials: { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) } };
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return undefined;
    throw error;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
