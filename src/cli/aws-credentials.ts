/**
 * The credentials a command signs with, found as the AWS CLI finds them, in botocore's order (botocore
 * `credentials.py`, `create_credential_resolver`):
 * 1. an explicit `--profile`: that profile only (botocore drops the environment provider when a profile is
 *    passed explicitly, so `--profile` beats AWS_ACCESS_KEY_ID);
 * 2. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, with AWS_SESSION_TOKEN (or the older AWS_SECURITY_TOKEN);
 * 3. the profile AWS_PROFILE names, else `default`.
 * A profile is read from both shared files, as botocore builds its profile map: the config file (AWS_CONFIG_FILE,
 * else ~/.aws/config; sections `[default]` and `[profile NAME]`) and the credentials file
 * (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials; sections `[NAME]`), the credentials file winning a setting
 * both hold. A profile with `role_arn` and `source_profile` (or `credential_source = Environment`) is a role to
 * assume with the source's credentials — botocore's assume-role provider comes before static keys — and the
 * source may itself be such a profile (role chaining); otherwise the profile's static keys
 * (aws_access_key_id, aws_secret_access_key, aws_session_token) are used. SSO, process and web-identity profiles,
 * MFA prompts (`mfa_serial`) and the instance and container providers are not followed. An empty variable or
 * setting counts as absent.
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

/** A role a profile says to assume (`role_arn`), with what to assume it with. */
export interface RoleToAssume {
  readonly profile: string;
  readonly roleArn: string;
  /** `role_session_name`, else botocore's `botocore-session-<epoch seconds>` (chosen when the role is assumed). */
  readonly sessionName: string | undefined;
  readonly durationSeconds: number | undefined;
  readonly externalId: string | undefined;
  readonly source: FoundCredentials;
}

export type FoundCredentials =
  { readonly kind: 'keys'; readonly credentials: AwsCredentials } | { readonly kind: 'role'; readonly role: RoleToAssume };

type CredentialsLookup =
  | { readonly kind: 'found'; readonly found: FoundCredentials }
  /** Nothing anywhere: no variables, and no file or no `default` profile when no profile was named. */
  | { readonly kind: 'none' }
  /** Something was there but unusable: half a key pair, a named profile that does not exist, an unreadable file. */
  | { readonly kind: 'problem'; readonly message: string };

/** Returns the file's text, or undefined when it does not exist; throws on other read errors. */
export type ReadText = (path: string) => string | undefined;

type Profile = ReadonlyMap<string, string>;

export function findAwsCredentials(
  environment: NodeJS.ProcessEnv,
  explicitProfile: string | undefined,
  readText: ReadText = readIfExists,
): CredentialsLookup {
  if (explicitProfile !== undefined) return fromProfile(environment, explicitProfile, true, readText);
  const keys = environmentKeys(environment);
  if (keys.kind !== 'none') return keys;
  const named = nonEmpty(environment['AWS_PROFILE']);
  return fromProfile(environment, named ?? 'default', named !== undefined, readText);
}

function environmentKeys(environment: NodeJS.ProcessEnv): CredentialsLookup {
  const variable = (name: string): string | undefined => nonEmpty(environment[name]);
  const accessKeyId = variable('AWS_ACCESS_KEY_ID');
  const secretAccessKey = variable('AWS_SECRET_ACCESS_KEY');
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    const sessionToken = variable('AWS_SESSION_TOKEN') ?? variable('AWS_SECURITY_TOKEN');
    return { kind: 'found', found: { kind: 'keys', credentials: withToken(accessKeyId, secretAccessKey, sessionToken) } };
  }
  if (accessKeyId !== undefined) return { kind: 'problem', message: 'AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not' };
  if (secretAccessKey !== undefined) return { kind: 'problem', message: 'AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not' };
  return { kind: 'none' };
}

/** A file named by a variable (a leading `~` is the home directory, as the AWS CLI reads it), else ~/.aws/<name>. */
function sharedFilePath(environment: NodeJS.ProcessEnv, variable: string, name: string): string {
  const home = nonEmpty(environment['HOME']) ?? homedir();
  const configured = nonEmpty(environment[variable]);
  if (configured === undefined) return join(home, '.aws', name);
  return configured === '~' || configured.startsWith('~/') ? join(home, configured.slice(1)) : configured;
}

/** botocore's profile map: config-file profiles, overlaid setting by setting with credentials-file ones. */
function readProfiles(environment: NodeJS.ProcessEnv, readText: ReadText): { profiles: Map<string, Profile>; files: string } | string {
  const configPath = sharedFilePath(environment, 'AWS_CONFIG_FILE', 'config');
  const credentialsPath = sharedFilePath(environment, 'AWS_SHARED_CREDENTIALS_FILE', 'credentials');
  const profiles = new Map<string, Map<string, string>>();
  for (const [path, fromConfig] of [
    [configPath, true],
    [credentialsPath, false],
  ] as const) {
    let text: string | undefined;
    try {
      text = readText(path);
    } catch (error) {
      return `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (text === undefined) continue;
    for (const [section, settings] of parseIni(text)) {
      const name = fromConfig ? configProfileName(section) : section;
      if (name === undefined) continue;
      const profile = profiles.get(name) ?? new Map<string, string>();
      for (const [key, value] of settings) profile.set(key, value);
      profiles.set(name, profile);
    }
  }
  return { profiles, files: `${configPath} or ${credentialsPath}` };
}

/** `[default]` and `[profile NAME]` name profiles in the config file; other sections (sso-session, services) do not. */
function configProfileName(section: string): string | undefined {
  if (section === 'default') return 'default';
  const match = /^profile\s+(.+)$/.exec(section);
  return match?.[1]?.trim();
}

function fromProfile(environment: NodeJS.ProcessEnv, name: string, named: boolean, readText: ReadText): CredentialsLookup {
  const read = readProfiles(environment, readText);
  if (typeof read === 'string') return { kind: 'problem', message: read };
  const profile = read.profiles.get(name);
  if (profile === undefined) return named ? { kind: 'problem', message: `profile \`${name}\` not found in ${read.files}` } : { kind: 'none' };
  if (!named && !hasCredentialSettings(profile)) return { kind: 'none' };
  const resolved = resolveProfile(name, read.profiles, environment, []);
  return typeof resolved === 'string' ? { kind: 'problem', message: resolved } : { kind: 'found', found: resolved };
}

function hasCredentialSettings(profile: Profile): boolean {
  return ['aws_access_key_id', 'aws_secret_access_key', 'role_arn'].some((key) => nonEmpty(profile.get(key)) !== undefined);
}

/** What profile `name` signs with, or why it cannot be used; `visited` guards against source_profile loops. */
function resolveProfile(
  name: string,
  profiles: ReadonlyMap<string, Profile>,
  environment: NodeJS.ProcessEnv,
  visited: readonly string[],
): FoundCredentials | string {
  const profile = profiles.get(name);
  if (profile === undefined) return `profile \`${name}\` not found (named by source_profile of \`${visited.at(-1) ?? ''}\`)`;
  const setting = (key: string): string | undefined => nonEmpty(profile.get(key));
  for (const unsupported of ['sso_start_url', 'sso_session', 'credential_process', 'web_identity_token_file']) {
    if (setting(unsupported) !== undefined && setting('aws_access_key_id') === undefined && setting('role_arn') === undefined) {
      return `profile \`${name}\` uses ${unsupported}, which iamlab does not follow: give it static keys or role_arn with source_profile`;
    }
  }
  const roleArn = setting('role_arn');
  const sourceProfile = setting('source_profile');
  const credentialSource = setting('credential_source');
  if (roleArn !== undefined && setting('web_identity_token_file') === undefined) {
    if (setting('mfa_serial') !== undefined) {
      return `profile \`${name}\` needs an MFA code (mfa_serial), which iamlab cannot ask for: assume the role with \`aws sts assume-role … --serial-number … --token-code …\` and presign with those credentials`;
    }
    const source = roleSource(name, sourceProfile, credentialSource, profiles, environment, visited);
    if (typeof source === 'string') return source;
    const duration = setting('duration_seconds');
    if (duration !== undefined && !/^\d+$/.test(duration)) return `profile \`${name}\`: duration_seconds must be a whole number, not \`${duration}\``;
    return {
      kind: 'role',
      role: {
        profile: name,
        roleArn,
        sessionName: setting('role_session_name'),
        durationSeconds: duration === undefined ? undefined : Number(duration),
        externalId: setting('external_id'),
        source,
      },
    };
  }
  return staticKeys(name, profile);
}

function roleSource(
  name: string,
  sourceProfile: string | undefined,
  credentialSource: string | undefined,
  profiles: ReadonlyMap<string, Profile>,
  environment: NodeJS.ProcessEnv,
  visited: readonly string[],
): FoundCredentials | string {
  if (sourceProfile !== undefined && credentialSource !== undefined) {
    return `profile \`${name}\` has both source_profile and credential_source; it may have only one`;
  }
  if (sourceProfile !== undefined) {
    // A profile naming itself as its source uses its own static keys (botocore's AssumeRoleProvider does the same).
    if (sourceProfile === name) return staticKeys(name, profiles.get(name) ?? new Map<string, string>());
    if (visited.includes(sourceProfile)) return `profiles form a source_profile loop: ${[...visited, name, sourceProfile].join(' → ')}`;
    return resolveProfile(sourceProfile, profiles, environment, [...visited, name]);
  }
  if (credentialSource === 'Environment') {
    const keys = environmentKeys(environment);
    if (keys.kind === 'found') return keys.found;
    return keys.kind === 'problem' ? keys.message : `profile \`${name}\` takes its credentials from the environment, which has none`;
  }
  if (credentialSource !== undefined) {
    return `profile \`${name}\`: credential_source \`${credentialSource}\` is not followed by iamlab (only Environment)`;
  }
  return `profile \`${name}\` has role_arn but neither source_profile nor credential_source`;
}

function staticKeys(name: string, profile: Profile): FoundCredentials | string {
  const accessKeyId = nonEmpty(profile.get('aws_access_key_id'));
  const secretAccessKey = nonEmpty(profile.get('aws_secret_access_key'));
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    const missing = [accessKeyId === undefined ? 'aws_access_key_id' : undefined, secretAccessKey === undefined ? 'aws_secret_access_key' : undefined]
      .filter((key) => key !== undefined)
      .join(' and ');
    return `profile \`${name}\` has no ${missing}`;
  }
  const sessionToken = nonEmpty(profile.get('aws_session_token')) ?? nonEmpty(profile.get('aws_security_token'));
  return { kind: 'keys', credentials: withToken(accessKeyId, secretAccessKey, sessionToken) };
}

function withToken(accessKeyId: string, secretAccessKey: string, sessionToken: string | undefined): AwsCredentials {
  return { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
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
