/**
 * `iamlab presign s3://<bucket>/<key>`: a presigned S3 URL pointing at the lab, as `aws s3 presign` makes one
 * (aws-behaviour.md §5.4). Pure signing: the lab need not be running. The URL is signed with the wall clock,
 * because the lab checks signing times against the wall clock and maps them to its virtual clock itself.
 */
import { DEFAULT_REGION } from '../../arn/arn.js';
import { MAX_PRESIGNED_EXPIRES_SECONDS } from '../../auth/sigv4/index.js';
import { assertNever } from '../../lib/assert-never.js';
import { isoSeconds } from '../../lib/encoding.js';
import { DEFAULT_ENDPOINT } from '../admin-client.js';
import { credentialsFor } from '../assume-profile-role.js';
import { findAwsCredentials } from '../aws-credentials.js';
import type { ReadText } from '../aws-credentials.js';
import type { ExitCode, Io } from '../io.js';
import { presignS3Url } from '../presign-s3-url.js';
import type { PresignMethod } from '../presign-s3-url.js';
import type { Command } from '../command.js';

const PRESIGN_HELP = `Usage: iamlab presign s3://<bucket>/<key> [--expires-in <seconds>] [--method GET|PUT] [--region <region>]
                      [--profile <name>] [--endpoint <url>] [--json]

Prints a presigned URL for an object in the lab (SigV4 query form, path-style), as aws s3 presign does:
  curl "$(iamlab presign s3://my-bucket/report.csv)"
  curl -T report.csv "$(iamlab presign s3://my-bucket/report.csv --method PUT --expires-in 300)"

The URL is signed now, on the wall clock; the lab judges its window on the virtual clock, so
iamlab clock advance past --expires-in makes it expire. A URL lives no longer than the credentials that
signed it.

Credentials, as the AWS CLI finds them: --profile, else AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
(and AWS_SESSION_TOKEN), else the profile AWS_PROFILE names or default. Profiles are read from
~/.aws/config and ~/.aws/credentials (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE): static keys, or
role_arn with source_profile (or credential_source = Environment), in which case the role is assumed at
the lab first, as the AWS CLI would. eval "$(iamlab env)" sets the lab's root keys.

Options:
  --expires-in <seconds>  how long the URL is valid: 1 to ${MAX_PRESIGNED_EXPIRES_SECONDS} (one week); default 3600
  --method GET|PUT        the request the URL allows: download (default) or upload
  --region <region>       the region to sign for (default AWS_REGION, AWS_DEFAULT_REGION or us-east-1)
  --profile <name>        a profile of the shared files, in place of the environment's keys
  --endpoint <url>        the lab (default ${DEFAULT_ENDPOINT}; env IAMLAB_ENDPOINT)
  --json                  print {"url", "expiresAt"} as JSON
`;

interface PresignOptions {
  readonly endpoint: string;
  readonly region: string | undefined;
  readonly profile: string | undefined;
  readonly expiresIn: string | undefined;
  readonly method: string | undefined;
  readonly json: boolean;
  /** Wall-clock signing time, epoch ms. */
  readonly nowMs: number;
  /** How the shared files are read; tests may replace it. */
  readonly readText?: ReadText;
  /** How a role profile's AssumeRole reaches the lab; tests may replace it. */
  readonly fetch?: typeof globalThis.fetch;
}

const DEFAULT_EXPIRES_SECONDS = 3600;
const WHOLE_NUMBER = /^\d+$/;
const REGION = /^[A-Za-z0-9-]+$/;
const S3_URI_PREFIX = 's3://';

async function presign(args: readonly string[], options: PresignOptions, environment: NodeJS.ProcessEnv, io: Io): Promise<ExitCode> {
  const fail = (message: string): ExitCode => {
    io.err(`iamlab presign: ${message}`);
    return 2;
  };
  const [target, extra] = args;
  if (target === undefined || extra !== undefined) return fail(`expected one \`s3://<bucket>/<key>\`\n\n${PRESIGN_HELP}`);
  const object = parseS3Uri(target);
  if (object === undefined) return fail(`expected \`s3://<bucket>/<key>\`, not \`${target}\``);

  const expiresText = options.expiresIn ?? String(DEFAULT_EXPIRES_SECONDS);
  const expiresSeconds = WHOLE_NUMBER.test(expiresText) ? Number(expiresText) : Number.NaN;
  if (!(expiresSeconds >= 1 && expiresSeconds <= MAX_PRESIGNED_EXPIRES_SECONDS)) {
    return fail(`--expires-in takes a whole number of seconds from 1 to ${MAX_PRESIGNED_EXPIRES_SECONDS} (one week), not \`${expiresText}\``);
  }
  const method = parseMethod(options.method ?? 'GET');
  if (method === undefined) return fail(`--method takes GET or PUT, not \`${options.method ?? ''}\``);
  const region = options.region ?? nonEmpty(environment['AWS_REGION']) ?? nonEmpty(environment['AWS_DEFAULT_REGION']) ?? DEFAULT_REGION;
  if (!REGION.test(region)) return fail(`\`${region}\` is not a region name such as us-east-1`);
  const endpoint = parseEndpoint(options.endpoint);
  if (endpoint === undefined) return fail(`--endpoint takes an http:// or https:// URL, not \`${options.endpoint}\``);

  const lookup = findAwsCredentials(environment, options.profile, options.readText);
  switch (lookup.kind) {
    case 'none':
      return fail(
        'no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile; `iamlab env` prints the lab\'s root keys (eval "$(iamlab env)")',
      );
    case 'problem':
      return fail(lookup.message);
    case 'found': {
      const assumed = await credentialsFor(lookup.found, { endpoint, region, nowMs: () => options.nowMs, fetch: options.fetch ?? globalThis.fetch });
      if (assumed.kind === 'error') {
        io.err(`iamlab presign: ${assumed.message}`);
        return 1;
      }
      const signed = presignS3Url({
        endpoint,
        ...object,
        method,
        region,
        credentials: assumed.credentials,
        expiresSeconds,
        signedAtMs: options.nowMs,
      });
      io.out(options.json ? JSON.stringify({ url: signed.url, expiresAt: isoSeconds(signed.expiresAtMs) }, null, 2) : signed.url);
      return 0;
    }
    default:
      return assertNever(lookup, 'credentials lookup');
  }
}

/** `s3://bucket/key/with/slashes` → bucket and key, taken literally (no percent-decoding, as the AWS CLI). */
function parseS3Uri(text: string): { bucket: string; key: string } | undefined {
  if (!text.startsWith(S3_URI_PREFIX)) return undefined;
  const rest = text.slice(S3_URI_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

function parseMethod(text: string): PresignMethod | undefined {
  const upper = text.toUpperCase();
  return upper === 'GET' || upper === 'PUT' ? upper : undefined;
}

function parseEndpoint(text: string): URL | undefined {
  if (!URL.canParse(text)) return undefined;
  const url = new URL(text);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export const presignCommand: Command = {
  kind: 'parsed',
  name: 'presign',
  synopsis: 'presign s3://<bucket>/<key>',
  summary: 'a presigned S3 URL for the lab (SigV4; --expires-in, --method GET|PUT, --profile)',
  help: PRESIGN_HELP,
  options: { region: { type: 'string' }, profile: { type: 'string' }, 'expires-in': { type: 'string' }, method: { type: 'string' } },
  // Pure signing: no admin client, no lab needed. Signed on the wall clock (the lab maps it to virtual time).
  run: ({ values, args, environment, endpoint, json, io }) => {
    const text = (name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);
    const options = {
      endpoint,
      region: text('region'),
      profile: text('profile'),
      expiresIn: text('expires-in'),
      method: text('method'),
      json,
      nowMs: Date.now(),
    };
    return presign(args, options, environment, io);
  },
};
