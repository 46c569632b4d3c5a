#!/usr/bin/env bash
# A GitHub Actions job gets AWS credentials without any stored secret: GitHub's OIDC token, exchanged with
# AssumeRoleWithWebIdentity for a role whose trust policy names one repository and one branch. The lab plays
# GitHub's issuer (https://token.actions.githubusercontent.com, GitHub's claims, its own signing key) and
# verifies every token as STS does: the main branch gets in, a pull request's token is refused, an expired
# token is refused once the clock has moved, and a token signed by anyone else is refused.
# The job's AWS CLI finds the token through its default credential chain (AWS_WEB_IDENTITY_TOKEN_FILE and
# AWS_ROLE_ARN, what aws-actions/configure-aws-credentials and EKS set), via `iamlab exec --web-identity`.
source "$(dirname "$0")/lib.sh"
as_root
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
DEPLOY="deploy-$RUN"
ISSUER=token.actions.githubusercontent.com
MAIN=repo:octo-org/octo-repo:ref:refs/heads/main

step "Register GitHub's OIDC issuer with IAM, for the audience sts.amazonaws.com"
PROVIDER="$(aws iam create-open-id-connect-provider --url "https://$ISSUER" --client-id-list sts.amazonaws.com \
  --query OpenIDConnectProviderArn --output text)"
undo aws iam delete-open-id-connect-provider --open-id-connect-provider-arn "$PROVIDER"
echo "$PROVIDER"

step "A role only the main branch of octo-org/octo-repo may assume"
aws iam create-role --role-name "$DEPLOY" --query Role.Arn --output text --assume-role-policy-document "$(cat <<JSON
{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"$PROVIDER"},
 "Action":"sts:AssumeRoleWithWebIdentity",
 "Condition":{"StringEquals":{"$ISSUER:aud":"sts.amazonaws.com","$ISSUER:sub":"$MAIN"}}}]}
JSON
)"
undo aws iam delete-role --role-name "$DEPLOY"
ROLE="arn:aws:iam::$ACCOUNT:role/$DEPLOY"

# in_job JOB SUB CMD…: run CMD as GitHub Actions job JOB whose OIDC token has this sub (the lab signs it). Each
# job names its own role session: the AWS CLI caches web identity credentials under ~/.aws/cli/cache by role
# and session name, so a second job on the same machine with the same names would reuse the first one's
# credentials without presenting its token (a GitHub-hosted runner starts with an empty cache).
in_job() {
  local job="$1" sub="$2"
  shift 2
  $IAMLAB exec --endpoint "$IAMLAB_ENDPOINT" --web-identity "$ROLE" --issuer github --sub "$sub" --session-name "$job-$RUN" -- "$@"
}

step "A job on main: the CLI's default chain exchanges the token for the role"
expect_text "assumed-role/$DEPLOY/main-$RUN" in_job main "$MAIN" aws --endpoint-url "$IAMLAB_ENDPOINT" sts get-caller-identity

step "A pull request's job: its token's sub is repo:octo-org/octo-repo:pull_request, which the trust policy refuses"
expect_text "(AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity" \
  in_job pr repo:octo-org/octo-repo:pull_request aws --endpoint-url "$IAMLAB_ENDPOINT" sts get-caller-identity

# assume_with VAR: AssumeRoleWithWebIdentity with the token held in $VAR, shown by name (a token is 1.5 KB).
assume_with() {
  printf '$ aws sts assume-role-with-web-identity --role-arn %s --role-session-name run-42 --web-identity-token "$%s"\n' "$ROLE" "$1"
  aws sts assume-role-with-web-identity --role-arn "$ROLE" --role-session-name run-42 --web-identity-token "${!1}" \
    --query '[AssumedRoleUser.Arn,SubjectFromWebIdentityToken,Provider]' --output text
}

step "The token by hand: what the job receives from GitHub, then AssumeRoleWithWebIdentity"
TOKEN="$(iamlab oidc token --issuer github --sub "$MAIN" --expires-in 5m)"
assume_with TOKEN

step "The same claims with a forged signature: refused, as a token signed by a key the lab does not hold"
FORGED="${TOKEN%.*}.$(head -c 256 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')"
expect_error InvalidIdentityToken assume_with FORGED

step "Six minutes later the same token has expired"
run iamlab clock advance 6m
expect_error ExpiredTokenException assume_with TOKEN

echo
echo "example 9 done"
