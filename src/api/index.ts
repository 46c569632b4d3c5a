/**
 * iamlab's in-process API, the package's main export: start a lab inside a test suite in one line, set up
 * identities through its real IAM and STS APIs, move its virtual clock, read its audit trail.
 *
 *   import { startLab } from 'iamlab';
 *   const lab = await startLab();
 *   ...
 *   await lab.stop();
 */
export { startLab } from './start-lab.js';
export type { EventFilter, Lab, LabEvent, StartLabOptions } from './start-lab.js';
export type { Duration, Instant, LabClock } from './lab-clock.js';
export type {
  AssumeRoleOptions,
  CallService,
  CreateRoleOptions,
  CreateUserOptions,
  Credentials,
  LabRole,
  LabUser,
  PolicyDocument,
  RoleSession,
  TemporaryCredentials,
} from './lab-helpers.js';
export { LabCallError } from './lab-call-error.js';
