/**
 * Operations are declared data (conventions.md, habit 4): one record per AWS operation with its IAM action,
 * how to find the resources it acts on, and its handler. A service exports a table of these; the gateway
 * does everything else (parse, authenticate, authorize, serialise, audit).
 */
import type { AwsError } from '../errors/aws-error.js';
import type { ContextValue } from '../policy/evaluator.js';
import type {
  AuthorizationCheck,
  CustomAuthorization,
  CustomAuthorizationQuery,
  FederatedAuthorizationQuery,
  ResourceOwner,
} from './authorizer/authorizer.js';
import type { ServiceContext } from './service-context.js';

export type { ServiceContext } from './service-context.js';

/**
 * How an operation is authorized:
 * - `never-denied`: valid credentials suffice (sts:GetCallerIdentity, aws-behaviour.md §1.6);
 * - `policy`: the principal's policies must allow `action` on every resource `resources` returns, and every
 *   extra check `also` returns (e.g. `iam:PassRole` on the role for AddRoleToInstanceProfile, §7.8), with the
 *   resource-based policy `owner` returns (S3 bucket policies) evaluated alongside;
 * - `custom`: the operation decides in the authorize stage with its own rules (AssumeRole's trust policy and
 *   MFA, §1.3), returning the record for the audit trail and possibly an enriched input for its handler;
 * - `in-handler`: the handler applies rules of its own (GetSessionToken: no policy is evaluated, §1.7);
 * - `federated`: the request carries no caller (STS AssumeRoleWithWebIdentity and AssumeRoleWithSAML are
 *   `noAuth` in the model, aws-federation.md §0.1): the operation decides from what the request presents (a
 *   token, an assertion) and the role's trust policy, signed or not.
 */
export type Authorization<I> =
  | { readonly kind: 'never-denied'; readonly action: string }
  | {
      readonly kind: 'policy';
      readonly action: string;
      readonly resources: (input: I, ctx: ServiceContext) => readonly string[];
      readonly also?: (input: I, ctx: ServiceContext) => readonly AuthorizationCheck[];
      /** Who owns the resources and their resource-based policy (S3 buckets), when the ARN cannot say. */
      readonly owner?: (input: I, ctx: ServiceContext) => ResourceOwner | undefined;
      /** Condition keys of `action` on `resources` besides the global ones (S3's object tags, aws-behaviour.md §9.4). */
      readonly context?: (input: I, ctx: ServiceContext) => Readonly<Record<string, ContextValue>>;
      /**
       * Checks decided item by item instead of for the whole request (S3 DeleteObjects reports `AccessDenied`
       * per key, aws-behaviour.md §9.7): when present, `resources` and `also` only name what the audit trail
       * records, every item's checks are decided on their own, and the handler is given the input that
       * `withDenied` returns for the indices of the items denied.
       */
      readonly perItem?: {
        readonly checks: (input: I, ctx: ServiceContext) => readonly (readonly AuthorizationCheck[])[];
        readonly withDenied: (input: I, denied: readonly number[]) => I;
      };
    }
  | {
      readonly kind: 'custom';
      readonly action: string;
      readonly authorize: (input: I, query: CustomAuthorizationQuery) => Promise<CustomAuthorization<I>>;
    }
  | { readonly kind: 'in-handler'; readonly action: string }
  | {
      readonly kind: 'federated';
      readonly action: string;
      readonly authorize: (input: I, query: FederatedAuthorizationQuery) => Promise<CustomAuthorization<I>>;
    };

export interface Operation<I = Record<string, unknown>, O = Record<string, unknown>> {
  readonly name: string;
  readonly authorization: Authorization<I>;
  /**
   * Checks of the input beyond the model's constraints (an ARN parameter that is not an ARN), made after
   * authentication and before any policy is evaluated: a malformed request fails the same for every caller,
   * whatever its permissions (aws-behaviour.md §10.2).
   */
  readonly validate?: (input: I) => AwsError | undefined;
  /** May answer synchronously (GetCallerIdentity does): the gateway awaits only a promise. */
  readonly handle: (input: I, ctx: ServiceContext) => O | Promise<O>;
  /**
   * Errors that reveal whether something exists, shown only to callers allowed `check` (S3 answers a missing
   * key with 403 AccessDenied to callers without `s3:ListBucket` on the bucket, §5.5): when the handler throws
   * one of `codes`, the gateway authorizes `check` and a denial replaces the error.
   */
  readonly concealMissing?: { readonly codes: readonly string[]; readonly check: (input: I) => AuthorizationCheck };
}

/** A table of operations by name; `defineOperation` keeps each record's input and output types together. */
export type OperationTable = ReadonlyMap<string, Operation>;

export function defineOperation<I, O>(operation: Operation<I, O>): Operation {
  return operation as unknown as Operation;
}

export function operationTable(operations: readonly Operation[]): OperationTable {
  return new Map(operations.map((operation) => [operation.name, operation]));
}
