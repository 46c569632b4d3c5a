#!/usr/bin/env bash
# Trust policies naming a user, a role, an account and a service, within one account and across two: who may
# assume what, and which side (trust policy or identity policy) has to say yes.
source "$(dirname "$0")/lib.sh"
as_root
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
new_user bob

step "Trust naming the user: bob needs no identity policy in his own account"
aws iam create-role --role-name by-user --query Role.Arn --output text \
  --assume-role-policy-document "$(trust_policy "{\"AWS\":\"arn:aws:iam::$ACCOUNT:user/bob\"}")"
assume_into by-user bob "arn:aws:iam::$ACCOUNT:role/by-user" bob
expect_text "assumed-role/by-user/bob" aws sts get-caller-identity --profile by-user

step "Trust naming a role: a session of by-user may assume by-role (role chaining)"
aws iam create-role --role-name by-role --query Role.Arn --output text \
  --assume-role-policy-document "$(trust_policy "{\"AWS\":\"arn:aws:iam::$ACCOUNT:role/by-user\"}")"
expect_error AccessDenied aws sts assume-role --profile bob --role-arn "arn:aws:iam::$ACCOUNT:role/by-role" --role-session-name direct
assume_into chained by-user "arn:aws:iam::$ACCOUNT:role/by-role" chained
expect_text "assumed-role/by-role/chained" aws sts get-caller-identity --profile chained
step "A chained session is capped at one hour"
expect_text "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining." \
  aws sts assume-role --profile by-user --role-arn "arn:aws:iam::$ACCOUNT:role/by-role" --role-session-name long --duration-seconds 7200
step "And no session is longer than the role's maximum (1 hour by default)"
expect_text "The requested DurationSeconds exceeds the MaxSessionDuration set for this role." \
  aws sts assume-role --profile bob --role-arn "arn:aws:iam::$ACCOUNT:role/by-user" --role-session-name long --duration-seconds 7200
run aws iam update-role --role-name by-user --max-session-duration 43200
assume_into long bob "arn:aws:iam::$ACCOUNT:role/by-user" long --duration-seconds 43200

step "Trust naming the account: the account delegates, so bob also needs an identity policy"
aws iam create-role --role-name by-account --query Role.Arn --output text \
  --assume-role-policy-document "$(trust_policy "{\"AWS\":\"arn:aws:iam::$ACCOUNT:root\"}")"
expect_error AccessDenied aws sts assume-role --profile bob --role-arn "arn:aws:iam::$ACCOUNT:role/by-account" --role-session-name bob
run aws iam put-user-policy --user-name bob --policy-name assume-by-account --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::$ACCOUNT:role/by-account\"}]}"
assume_into by-account bob "arn:aws:iam::$ACCOUNT:role/by-account" bob

step "Trust naming a service: only EC2 may assume it, not bob"
aws iam create-role --role-name by-service --query Role.Arn --output text \
  --assume-role-policy-document "$(trust_policy '{"Service":"ec2.amazonaws.com"}')"
expect_error AccessDenied aws sts assume-role --profile bob --role-arn "arn:aws:iam::$ACCOUNT:role/by-service" --role-session-name bob

step "Across accounts both sides must say yes"
OTHER=111122223333
run iamlab accounts create "$OTHER"
(
  eval "$(iamlab env --account "$OTHER")"
  aws iam create-role --role-name shared --query Role.Arn --output text \
    --assume-role-policy-document "$(trust_policy "{\"AWS\":\"arn:aws:iam::$ACCOUNT:user/bob\"}")"
)
expect_error AccessDenied aws sts assume-role --profile bob --role-arn "arn:aws:iam::$OTHER:role/shared" --role-session-name bob
run aws iam put-user-policy --user-name bob --policy-name assume-shared --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::$OTHER:role/shared\"}]}"
assume_into shared bob "arn:aws:iam::$OTHER:role/shared" bob
expect_text "arn:aws:sts::$OTHER:assumed-role/shared/bob" aws sts get-caller-identity --profile shared

echo
echo "example 2 done"
