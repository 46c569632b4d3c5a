#!/usr/bin/env bash
# Temporary credentials expire on the lab's virtual clock: move it forward and watch a session die with AWS's
# own ExpiredToken, while long-term keys carry on.
source "$(dirname "$0")/lib.sh"
as_root
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
DAVE="dave-$RUN" SHORT="short-$RUN"
new_user "$DAVE"
aws iam create-role --role-name "$SHORT" --query Role.Arn --output text \
  --assume-role-policy-document "$(trust_policy "{\"AWS\":\"arn:aws:iam::$ACCOUNT:user/$DAVE\"}")"
undo aws iam delete-role --role-name "$SHORT"

step "A 15-minute session"
assume_into short "$DAVE" "arn:aws:iam::$ACCOUNT:role/$SHORT" fifteen-minutes --duration-seconds 900
run aws sts get-caller-identity --profile short --query Arn --output text

step "14 minutes later it still works"
run iamlab clock advance 14m
run aws sts get-caller-identity --profile short --query Arn --output text

step "2 minutes more and it has expired"
run iamlab clock advance 2m
expect_error ExpiredToken aws sts get-caller-identity --profile short
expect_text "The security token included in the request is expired" aws iam list-roles --profile short

step "dave's own long-term keys never expire"
run aws sts get-caller-identity --profile "$DAVE" --query Arn --output text

echo
echo "example 4 done"
