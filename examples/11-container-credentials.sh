#!/usr/bin/env bash
# Containers get their role's credentials from an agent, not from keys: an ECS task from the ECS agent
# (AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN), an EKS pod from the Pod Identity
# agent (the same URI variable with AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE). The lab plays both agents: it
# assumes the role as ecs-tasks.amazonaws.com or pods.eks.amazonaws.com, so the role's trust policy decides,
# and hands the SDK the document the real agent does. `iamlab exec --task-role` / `--pod-identity` runs a
# command as that task or pod; its CLI finds the credentials through its default chain.
source "$(dirname "$0")/lib.sh"
as_root
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
TASK="orders-task-$RUN" POD="orders-pod-$RUN" EC2ONLY="ec2-only-$RUN"

step "A task role ECS may assume"
aws iam create-role --role-name "$TASK" --query Role.Arn --output text \
  --assume-role-policy-document "$(trust_policy '{"Service":"ecs-tasks.amazonaws.com"}')"
undo aws iam delete-role --role-name "$TASK"

in_task() {
  local role="$1"
  shift
  $IAMLAB exec --endpoint "$IAMLAB_ENDPOINT" --task-role "arn:aws:iam::$ACCOUNT:role/$role" -- "$@"
}

step "In a task, the CLI is the task role; the session is named after the task's id"
expect_text "assumed-role/$TASK/" in_task "$TASK" aws --endpoint-url "$IAMLAB_ENDPOINT" sts get-caller-identity

step "What the SDK reads: GET the agent's URI with the task's token (the document's members, values elided)"
# shellcheck disable=SC2016
expect_text '"RoleArn"' in_task "$TASK" bash -c \
  'curl -sS -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" "$AWS_CONTAINER_CREDENTIALS_FULL_URI" | sed "s/\"[^\"]*\",/…,/g; s/\"[^\"]*\"}/…}/"'

step "The same URI with another token: the agent's error"
# shellcheck disable=SC2016
expect_text "InvalidIdInRequest" in_task "$TASK" bash -c \
  'curl -sS -H "Authorization: not-the-token" "$AWS_CONTAINER_CREDENTIALS_FULL_URI"'

step "A role that trusts only EC2: ECS cannot assume it, and the task has no credentials"
aws iam create-role --role-name "$EC2ONLY" --query Role.Arn --output text \
  --assume-role-policy-document "$(trust_policy '{"Service":"ec2.amazonaws.com"}')"
undo aws iam delete-role --role-name "$EC2ONLY"
expect_text "InvalidIdInRequest" in_task "$EC2ONLY" aws --endpoint-url "$IAMLAB_ENDPOINT" sts get-caller-identity

step "A Pod Identity role: EKS assumes it with session tags, so the trust policy allows sts:TagSession too"
aws iam create-role --role-name "$POD" --query Role.Arn --output text --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}'
undo aws iam delete-role --role-name "$POD"

step "In a pod of cluster shop, namespace web, service account api: the session is eks-<cluster>-<pod>-<uuid>"
expect_text "assumed-role/$POD/eks-shop-" $IAMLAB exec --endpoint "$IAMLAB_ENDPOINT" --pod-identity "arn:aws:iam::$ACCOUNT:role/$POD" \
  --cluster shop --namespace web --service-account api -- aws --endpoint-url "$IAMLAB_ENDPOINT" sts get-caller-identity

echo
echo "example 11 done"
