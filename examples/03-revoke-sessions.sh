#!/usr/bin/env bash
# "Revoke active sessions": the console's button puts an inline policy AWSRevokeOlderSessions on the role,
# denying everything to sessions issued before now. Existing sessions stop working, new ones work, and deleting
# the policy gives the old sessions their access back.
source "$(dirname "$0")/lib.sh"
as_root
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
CAROL="carol-$RUN" APP="app-$RUN"
new_user "$CAROL"
aws iam create-role --role-name "$APP" --query Role.Arn --output text \
  --assume-role-policy-document "$(trust_policy "{\"AWS\":\"arn:aws:iam::$ACCOUNT:user/$CAROL\"}")"
undo aws iam delete-role --role-name "$APP"
aws iam attach-role-policy --role-name "$APP" --policy-arn arn:aws:iam::aws:policy/IAMReadOnlyAccess
undo aws iam detach-role-policy --role-name "$APP" --policy-arn arn:aws:iam::aws:policy/IAMReadOnlyAccess
ROLE="arn:aws:iam::$ACCOUNT:role/$APP"

step "A session of the role, working"
assume_into old "$CAROL" "$ROLE" before-revocation
run aws iam get-role --role-name "$APP" --profile old --query Role.RoleName --output text

step "Revoke the role's active sessions"
run iamlab revoke-sessions "$APP"
run aws iam get-role-policy --role-name "$APP" --policy-name AWSRevokeOlderSessions --query PolicyDocument
expect_error AccessDenied aws iam get-role --role-name "$APP" --profile old
step "GetCallerIdentity still answers: it needs no permission"
expect_text "assumed-role/$APP/before-revocation" aws sts get-caller-identity --profile old

step "A session issued after the revocation works"
assume_into new "$CAROL" "$ROLE" after-revocation
run aws iam get-role --role-name "$APP" --profile new --query Role.RoleName --output text

step "Deleting the policy restores the old session"
run aws iam delete-role-policy --role-name "$APP" --policy-name AWSRevokeOlderSessions
run aws iam get-role --role-name "$APP" --profile old --query Role.RoleName --output text

echo
echo "example 3 done"
