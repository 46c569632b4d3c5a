#!/usr/bin/env bash
# Detaching an instance profile does not take back the credentials the instance already handed out. Anything
# on the instance can read the role's credentials from the metadata service and use them elsewhere; after
# DisassociateIamInstanceProfile the instance has no credentials any more, but the copy keeps working until
# it expires. Only revoking the role's sessions (a deny on aws:TokenIssueTime) stops it. Associating the
# profile again gives the instance fresh credentials, issued after the revocation, which work.
# The role may read IAM and list the account's S3 buckets.
source "$(dirname "$0")/lib.sh"
as_root
BUCKET="app-artifacts-$RUN" APP="app-$RUN"

step "A bucket in the account"
run aws s3 mb "s3://$BUCKET"
undo aws s3 rb "s3://$BUCKET"

step "A role EC2 may assume, allowed to read IAM and to list buckets, in an instance profile"
aws iam create-role --role-name "$APP" --query Role.Arn --output text \
  --assume-role-policy-document "$(trust_policy '{"Service":"ec2.amazonaws.com"}')"
undo aws iam delete-role --role-name "$APP"
run aws iam attach-role-policy --role-name "$APP" --policy-arn arn:aws:iam::aws:policy/IAMReadOnlyAccess
undo aws iam detach-role-policy --role-name "$APP" --policy-arn arn:aws:iam::aws:policy/IAMReadOnlyAccess
run aws iam put-role-policy --role-name "$APP" --policy-name list-buckets --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}'
undo aws iam delete-role-policy --role-name "$APP" --policy-name list-buckets
run aws iam create-instance-profile --instance-profile-name "$APP" --query InstanceProfile.Arn --output text
undo aws iam delete-instance-profile --instance-profile-name "$APP"
run aws iam add-role-to-instance-profile --instance-profile-name "$APP" --role-name "$APP"
undo aws iam remove-role-from-instance-profile --instance-profile-name "$APP" --role-name "$APP"

step "An instance launched with the profile"
launch_instance "$APP"
echo "instance $INSTANCE, metadata service at $(imds_endpoint "$INSTANCE")"
run aws ec2 describe-iam-instance-profile-associations --filters "Name=instance-id,Values=$INSTANCE" \
  --query 'IamInstanceProfileAssociations[].[AssociationId,State]' --output text

step "On the instance the CLI finds the role's credentials in the metadata service"
expect_text "iam-role" aws_on "$INSTANCE" configure list
expect_text "assumed-role/$APP/$INSTANCE" aws_on "$INSTANCE" sts get-caller-identity
run aws_on "$INSTANCE" iam get-role --role-name "$APP" --query Role.RoleName --output text
expect_text "$BUCKET" aws_on "$INSTANCE" s3 ls

step "Anything on the instance can read them (curl, IMDSv2) and use them somewhere else"
run imds_get "$INSTANCE" /latest/meta-data/iam/security-credentials/
imds_credentials_into copied "$INSTANCE"
expect_text "assumed-role/$APP/$INSTANCE" aws sts get-caller-identity --profile copied
run aws iam get-role --role-name "$APP" --profile copied --query Role.RoleName --output text

step "Detach the profile from the instance"
ASSOCIATION="$(aws ec2 describe-iam-instance-profile-associations --filters "Name=instance-id,Values=$INSTANCE" \
  --query 'IamInstanceProfileAssociations[0].AssociationId' --output text)"
run aws ec2 disassociate-iam-instance-profile --association-id "$ASSOCIATION" \
  --query 'IamInstanceProfileAssociation.State' --output text
run iamlab clock advance 10s
expect_text "[]" aws ec2 describe-iam-instance-profile-associations --filters "Name=instance-id,Values=$INSTANCE" \
  --query 'IamInstanceProfileAssociations'

step "The instance has no role any more: iam/ is gone from its metadata"
expect_text "404 - Not Found" imds_get "$INSTANCE" /latest/meta-data/iam/security-credentials/
expect_text "Unable to locate credentials" aws_on "$INSTANCE" sts get-caller-identity

step "But the copied credentials are still valid: disassociating revokes nothing"
expect_text "assumed-role/$APP/$INSTANCE" aws sts get-caller-identity --profile copied
run aws iam get-role --role-name "$APP" --profile copied --query Role.RoleName --output text

step "Revoke the role's sessions: the copy is denied"
run iamlab revoke-sessions "$APP"
undo aws iam delete-role-policy --role-name "$APP" --policy-name AWSRevokeOlderSessions
expect_error AccessDenied aws iam get-role --role-name "$APP" --profile copied
expect_error AccessDenied aws iam list-roles --profile copied
expect_error AccessDenied aws s3 ls --profile copied

step "Associate the profile again: the instance gets fresh credentials, issued after the revocation"
run aws ec2 associate-iam-instance-profile --instance-id "$INSTANCE" --iam-instance-profile "Name=$APP" \
  --query 'IamInstanceProfileAssociation.State' --output text
run iamlab clock advance 10s
run imds_get "$INSTANCE" /latest/meta-data/iam/security-credentials/
run aws_on "$INSTANCE" iam get-role --role-name "$APP" --query Role.RoleName --output text
expect_text "$BUCKET" aws_on "$INSTANCE" s3 ls
imds_credentials_into fresh "$INSTANCE"
OLD_KEY="$(command aws configure get aws_access_key_id --profile copied)"
NEW_KEY="$(command aws configure get aws_access_key_id --profile fresh)"
echo "copied key $OLD_KEY, fresh key $NEW_KEY"
if [ "$OLD_KEY" = "$NEW_KEY" ]; then echo "FAILED: the instance still serves the revoked credentials" >&2; exit 1; fi
run aws iam get-role --role-name "$APP" --profile fresh --query Role.RoleName --output text
expect_error AccessDenied aws iam get-role --role-name "$APP" --profile copied

echo
echo "example 5 done"
