/** Every `iamlab` command, in the order `iamlab --help` lists them. */
import type { Command } from '../command.js';
import { accountsCommand } from './accounts.js';
import { clockCommand } from './clock.js';
import { envCommand } from './env.js';
import { eventsCommand } from './events.js';
import { execCommand } from './exec.js';
import { explainCommand } from './explain.js';
import { instancesCommand } from './instances.js';
import { mfaCommand } from './mfa.js';
import { oidcCommand } from './oidc.js';
import { presignCommand } from './presign.js';
import { reportCommand } from './report.js';
import { resetCommand } from './reset.js';
import { revokeSessionsCommand } from './revoke-sessions.js';
import { samlCommand } from './saml.js';
import { serveCommand } from './serve.js';

export const COMMANDS: readonly Command[] = [
  serveCommand,
  envCommand,
  clockCommand,
  resetCommand,
  eventsCommand,
  explainCommand,
  reportCommand,
  revokeSessionsCommand,
  mfaCommand,
  oidcCommand,
  accountsCommand,
  instancesCommand,
  execCommand,
  presignCommand,
  samlCommand,
];
