#!/usr/bin/env bash
# Temporary credentials expire on the lab's virtual clock: move it forward and watch a session die with AWS's
# own ExpiredToken, while long-term keys carry on.
source "$(dirname "$0")/lib.sh"
as_root
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
new_user dave
aws iam create-role --role-name short --query Role.Arn --output text \
  --assume-role-policy-document "$(trust_policy "{\"AWS\":\"arn:aws:iam::$ACCOUNT:user/dave\"}")"

step "A 15-minute session"
assume_into short dave "arn:aws:iam::$ACCOUNT:role/short" fifteen-minutes --duration-seconds 900
run aws sts get-caller-identity --profile short --query Arn --output text

step "14 minutes later it still works"
run iamlab clock advance 14m
run aws sts get-caller-identity --profile short --query Arn --output text

step "2 minutes more and it has expired"
run iamlab clock advance 2m
expect_error ExpiredToken aws sts get-caller-identity --profile short
expect_text "The security token included in the request is expired" aws iam list-roles --profile short

step "dave's own long-term keys never expire"
run aws sts get-caller-identity --profile dave --query Arn --output text

echo
echo "example 4 done"
