#!/usr/bin/env bash
# IMDSv1 and IMDSv2 hand an instance different credential sets, and every request signed with them says which
# one delivered them (ec2:RoleDelivery 1.0 or 2.0). A deny on ec2:RoleDelivery < 2.0 in the role's policy
# makes credentials fetched without a token useless, while the SDKs and the CLI, which use IMDSv2, carry on.
# Requiring tokens on the instance (HttpTokens=required) then stops IMDSv1 at the metadata service itself.
source "$(dirname "$0")/lib.sh"
as_root

LEGACY="legacy-$RUN"

step "A role allowed to read IAM and to describe EC2, except with credentials delivered by IMDSv1"
aws iam create-role --role-name "$LEGACY" --query Role.Arn --output text \
  --assume-role-policy-document "$(trust_policy '{"Service":"ec2.amazonaws.com"}')"
undo aws iam delete-role --role-name "$LEGACY"
run aws iam attach-role-policy --role-name "$LEGACY" --policy-arn arn:aws:iam::aws:policy/IAMReadOnlyAccess
undo aws iam detach-role-policy --role-name "$LEGACY" --policy-arn arn:aws:iam::aws:policy/IAMReadOnlyAccess
run aws iam put-role-policy --role-name "$LEGACY" --policy-name read-ec2 --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}'
undo aws iam delete-role-policy --role-name "$LEGACY" --policy-name read-ec2
run aws iam put-role-policy --role-name "$LEGACY" --policy-name no-imdsv1 --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"ec2:RoleDelivery":"2.0"}}}]}'
undo aws iam delete-role-policy --role-name "$LEGACY" --policy-name no-imdsv1
run aws iam create-instance-profile --instance-profile-name "$LEGACY" --query InstanceProfile.Arn --output text
undo aws iam delete-instance-profile --instance-profile-name "$LEGACY"
run aws iam add-role-to-instance-profile --instance-profile-name "$LEGACY" --role-name "$LEGACY"
undo aws iam remove-role-from-instance-profile --instance-profile-name "$LEGACY" --role-name "$LEGACY"

step "An instance that still allows IMDSv1 (HttpTokens=optional)"
launch_instance "$LEGACY" --metadata-options HttpTokens=optional
echo "instance $INSTANCE"
expect_text "optional" aws ec2 describe-instances --instance-ids "$INSTANCE" \
  --query 'Reservations[0].Instances[0].MetadataOptions.HttpTokens' --output text

step "Credentials read with a token (IMDSv2) and without one (IMDSv1) are two different sets"
imds_credentials_into v2 "$INSTANCE"
imds_credentials_into v1 "$INSTANCE" v1
V1_KEY="$(command aws configure get aws_access_key_id --profile v1)"
V2_KEY="$(command aws configure get aws_access_key_id --profile v2)"
echo "IMDSv1 key $V1_KEY, IMDSv2 key $V2_KEY"
if [ "$V1_KEY" = "$V2_KEY" ]; then echo "FAILED: expected two credential sets" >&2; exit 1; fi

step "Both are the instance's role session"
expect_text "assumed-role/$LEGACY/$INSTANCE" aws sts get-caller-identity --profile v2
expect_text "assumed-role/$LEGACY/$INSTANCE" aws sts get-caller-identity --profile v1

step "IMDSv2 credentials work"
run aws iam get-role --role-name "$LEGACY" --profile v2 --query Role.RoleName --output text
run aws ec2 describe-instances --profile v2 --instance-ids "$INSTANCE" --query 'Reservations[0].Instances[0].State.Name' --output text

step "IMDSv1 credentials are denied by the ec2:RoleDelivery condition, in IAM and in EC2"
expect_error AccessDenied aws iam get-role --role-name "$LEGACY" --profile v1
expect_error UnauthorizedOperation aws ec2 describe-instances --profile v1 --instance-ids "$INSTANCE"

step "The CLI on the instance asks for a token first, so it gets the IMDSv2 set and works"
expect_text "iam-role" aws_on "$INSTANCE" configure list
run aws_on "$INSTANCE" iam get-role --role-name "$LEGACY" --query Role.RoleName --output text
run aws_on "$INSTANCE" ec2 describe-instances --instance-ids "$INSTANCE" --query 'Reservations[0].Instances[0].State.Name' --output text

step "Require tokens on the instance: IMDSv1 requests are refused by the metadata service itself"
run aws ec2 modify-instance-metadata-options --instance-id "$INSTANCE" --http-tokens required \
  --query 'InstanceMetadataOptions.HttpTokens' --output text
run iamlab clock advance 10s
expect_text "401 - Unauthorized" imds_get_v1 "$INSTANCE" /latest/meta-data/iam/security-credentials/
run imds_get "$INSTANCE" /latest/meta-data/iam/security-credentials/
run aws_on "$INSTANCE" iam get-role --role-name "$LEGACY" --query Role.RoleName --output text
step "(credentials fetched with IMDSv1 before stay what they were: valid, and still denied)"
expect_text "assumed-role/$LEGACY/$INSTANCE" aws sts get-caller-identity --profile v1
expect_error AccessDenied aws iam get-role --role-name "$LEGACY" --profile v1

echo
echo "example 7 done"
