/**
 * Who is making a request, as the evaluator needs it (aws-behaviour.md §1.6, §7.1, §7.2). Role sessions
 * carry both the role ARN (with its path) and the session ARN (without it), because a resource or trust
 * policy may name either.
 */
import { rootArn } from '../../arn/arn.js';

export type RequestPrincipal =
  | { readonly kind: 'root'; readonly account: string }
  | {
      readonly kind: 'user';
      readonly account: string;
      readonly arn: string;
      /** Unique ID `AIDA…` (IAM keeps principals in stored policies as unique IDs). */
      readonly id: string;
      readonly name: string;
    }
  | {
      readonly kind: 'assumed-role';
      readonly account: string;
      readonly roleArn: string;
      readonly roleId: string;
      readonly sessionArn: string;
      readonly sessionName: string;
    }
  | { readonly kind: 'federated-user'; readonly account: string; readonly arn: string; readonly name: string }
  /** An AWS service acting for itself, e.g. `ec2.amazonaws.com` assuming an instance role. */
  | { readonly kind: 'service'; readonly service: string }
  /** A web-identity or SAML caller, matched by `{"Federated": provider}` in trust policies. */
  | { readonly kind: 'federated'; readonly provider: string }
  | { readonly kind: 'anonymous' };

/** The account a principal belongs to, if any. */
export function principalAccount(principal: RequestPrincipal): string | undefined {
  switch (principal.kind) {
    case 'root':
    case 'user':
    case 'assumed-role':
    case 'federated-user':
      return principal.account;
    case 'service':
    case 'federated':
    case 'anonymous':
      return undefined;
  }
}

/** The ARN shown in `User: <arn> is not authorized…` (§1.4, §7.7): the session ARN for role sessions. */
export function callerArn(principal: RequestPrincipal): string {
  switch (principal.kind) {
    case 'root':
      return rootArn(principal.account);
    case 'user':
    case 'federated-user':
      return principal.arn;
    case 'assumed-role':
      return principal.sessionArn;
    case 'service':
      return principal.service;
    case 'federated':
      return principal.provider;
    case 'anonymous':
      return 'anonymous';
  }
}
