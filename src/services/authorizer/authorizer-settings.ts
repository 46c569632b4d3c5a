/**
 * Switches where AWS's behaviour is uncertain or has changed over time (aws-behaviour.md [U] items).
 *
 * `accessDeniedStyle` — the AccessDenied text of IAM/STS (§1.4, §7.7). `classic`:
 * `User: <arn> is not authorized to perform: <action> on resource: <arn>`; `contextual` adds AWS's newer
 * reason (` because no identity-based policy allows the <action> action`, ` with an explicit deny in …`).
 * The default is `classic`, as §1.4 recommends: it is the form most SDK tests, tools and blog posts match,
 * and every contextual message starts with it, so a prefix match written against either form still holds.
 *
 * `roleSessionMfa` — whether requests signed with a role session made with MFA carry
 * `aws:MultiFactorAuthPresent=true` (§1.8). `documented` (default): no — the IAM guide says AssumeRole
 * credentials carry no MFA context, and an SDK maintainer reproduced it. `carried`: yes, with
 * `aws:MultiFactorAuthAge` counted from the AssumeRole call.
 */
export interface AuthorizerSettings {
  readonly accessDeniedStyle: 'classic' | 'contextual';
  readonly roleSessionMfa: 'documented' | 'carried';
}

export const DEFAULT_AUTHORIZER_SETTINGS: AuthorizerSettings = { accessDeniedStyle: 'classic', roleSessionMfa: 'documented' };
