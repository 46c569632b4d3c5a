#!/usr/bin/env bash
# Trust policies naming a user, a role, an account and a service, within one account and across two: who may
# assume what, and which side (trust policy or identity policy) has to say yes.
source "$(dirname "$0")/lib.sh"
as_root
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
BOB="bob-$RUN" BY_USER="by-user-$RUN" BY_ROLE="by-role-$RUN" BY_ACCOUNT="by-account-$RUN" BY_SERVICE="by-service-$RUN"
SHARED="shared-$RUN"
new_user "$BOB"

# new_role NAME PRINCIPAL_JSON: a role trusting PRINCIPAL_JSON, deleted when the example ends.
new_role() {
  aws iam create-role --role-name "$1" --query Role.Arn --output text --assume-role-policy-document "$(trust_policy "$2")"
  undo aws iam delete-role --role-name "$1"
}

step "Trust naming the user: bob needs no identity policy in his own account"
new_role "$BY_USER" "{\"AWS\":\"arn:aws:iam::$ACCOUNT:user/$BOB\"}"
assume_into by-user "$BOB" "arn:aws:iam::$ACCOUNT:role/$BY_USER" bob
expect_text "assumed-role/$BY_USER/bob" aws sts get-caller-identity --profile by-user

step "Trust naming a role: a session of by-user may assume by-role (role chaining)"
new_role "$BY_ROLE" "{\"AWS\":\"arn:aws:iam::$ACCOUNT:role/$BY_USER\"}"
expect_error AccessDenied aws sts assume-role --profile "$BOB" --role-arn "arn:aws:iam::$ACCOUNT:role/$BY_ROLE" --role-session-name direct
assume_into chained by-user "arn:aws:iam::$ACCOUNT:role/$BY_ROLE" chained
expect_text "assumed-role/$BY_ROLE/chained" aws sts get-caller-identity --profile chained
step "A chained session is capped at one hour"
expect_text "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining." \
  aws sts assume-role --profile by-user --role-arn "arn:aws:iam::$ACCOUNT:role/$BY_ROLE" --role-session-name long --duration-seconds 7200
step "And no session is longer than the role's maximum (1 hour by default)"
expect_text "The requested DurationSeconds exceeds the MaxSessionDuration set for this role." \
  aws sts assume-role --profile "$BOB" --role-arn "arn:aws:iam::$ACCOUNT:role/$BY_USER" --role-session-name long --duration-seconds 7200
run aws iam update-role --role-name "$BY_USER" --max-session-duration 43200
assume_into long "$BOB" "arn:aws:iam::$ACCOUNT:role/$BY_USER" long --duration-seconds 43200

step "Trust naming the account: the account delegates, so bob also needs an identity policy"
new_role "$BY_ACCOUNT" "{\"AWS\":\"arn:aws:iam::$ACCOUNT:root\"}"
expect_error AccessDenied aws sts assume-role --profile "$BOB" --role-arn "arn:aws:iam::$ACCOUNT:role/$BY_ACCOUNT" --role-session-name bob
run aws iam put-user-policy --user-name "$BOB" --policy-name assume-by-account --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::$ACCOUNT:role/$BY_ACCOUNT\"}]}"
undo aws iam delete-user-policy --user-name "$BOB" --policy-name assume-by-account
assume_into by-account "$BOB" "arn:aws:iam::$ACCOUNT:role/$BY_ACCOUNT" bob

step "Trust naming a service: only EC2 may assume it, not bob"
new_role "$BY_SERVICE" '{"Service":"ec2.amazonaws.com"}'
expect_error AccessDenied aws sts assume-role --profile "$BOB" --role-arn "arn:aws:iam::$ACCOUNT:role/$BY_SERVICE" --role-session-name bob

step "Across accounts both sides must say yes"
OTHER=111122223333
if ! iamlab accounts | grep -qx "$OTHER"; then run iamlab accounts create "$OTHER"; fi
(
  eval "$(iamlab env --account "$OTHER")"
  aws iam create-role --role-name "$SHARED" --query Role.Arn --output text \
    --assume-role-policy-document "$(trust_policy "{\"AWS\":\"arn:aws:iam::$ACCOUNT:user/$BOB\"}")"
)
undo in_account "$OTHER" aws iam delete-role --role-name "$SHARED"
expect_error AccessDenied aws sts assume-role --profile "$BOB" --role-arn "arn:aws:iam::$OTHER:role/$SHARED" --role-session-name bob
run aws iam put-user-policy --user-name "$BOB" --policy-name assume-shared --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::$OTHER:role/$SHARED\"}]}"
undo aws iam delete-user-policy --user-name "$BOB" --policy-name assume-shared
assume_into shared "$BOB" "arn:aws:iam::$OTHER:role/$SHARED" bob
expect_text "arn:aws:sts::$OTHER:assumed-role/$SHARED/bob" aws sts get-caller-identity --profile shared

echo
echo "example 2 done"
