/**
 * Who made a request, after authentication. Wire-visible identities (ARN, user id) are computed once here so
 * that GetCallerIdentity, policy context keys, AccessDenied texts and the audit trail all agree
 * (aws-behaviour.md §1.6, §7.6).
 */
export type Principal =
  | {
      readonly type: 'root';
      readonly account: string;
      readonly arn: string;
      /** aws:userid for root is the account id. */
      readonly userId: string;
      readonly accessKeyId: string;
    }
  | {
      readonly type: 'user';
      readonly account: string;
      readonly arn: string;
      readonly userId: string;
      readonly userName: string;
      readonly accessKeyId: string;
    }
  | {
      readonly type: 'assumed-role';
      readonly account: string;
      /** The session ARN: arn:aws:sts::A:assumed-role/<role>/<session>. */
      readonly arn: string;
      /** `AROA…:<session>`. */
      readonly userId: string;
      readonly roleArn: string;
      readonly roleId: string;
      readonly roleName: string;
      readonly sessionName: string;
      readonly accessKeyId: string;
    }
  | {
      readonly type: 'federated-user';
      readonly account: string;
      /** `arn:aws:sts::A:federated-user/<name>` (aws-behaviour.md §10.5). */
      readonly arn: string;
      /** `<account>:<name>`. */
      readonly userId: string;
      readonly name: string;
      /** The IAM user whose GetFederationToken created the session; undefined when root did. */
      readonly issuerUserId: string | undefined;
      readonly accessKeyId: string;
    }
  | { readonly type: 'anonymous' };
