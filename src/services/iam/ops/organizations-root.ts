/**
 * Centralized root access (aws-federation.md §7.2): Enable/DisableOrganizationsRootCredentialsManagement,
 * Enable/DisableOrganizationsRootSessions and ListOrganizationsFeatures. They need AWS Organizations, and a lab
 * account belongs to none, so each answers as a standalone account does: 400 `OrganizationNotFoundException`.
 * The caller's policies are asked first (iam:<Action> on `*`: the actions name no resource type), as for any
 * IAM operation.
 */
import { defineOperation } from '../../operation.js';
import type { Operation } from '../../operation.js';
import { iamErrors } from '../iam-errors.js';

const NAMES = [
  'EnableOrganizationsRootCredentialsManagement',
  'DisableOrganizationsRootCredentialsManagement',
  'EnableOrganizationsRootSessions',
  'DisableOrganizationsRootSessions',
  'ListOrganizationsFeatures',
] as const;

const organizationsOperation = (name: (typeof NAMES)[number]): Operation =>
  defineOperation<Record<string, never>, never>({
    name,
    authorization: { kind: 'policy', action: `iam:${name}`, resources: () => ['*'] },
    handle: () => {
      throw iamErrors.organizationNotFound();
    },
  });

export const organizationsRootOperations: Operation[] = NAMES.map(organizationsOperation);
