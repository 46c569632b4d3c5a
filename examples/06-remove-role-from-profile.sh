#!/usr/bin/env bash
# Removing the role from an instance profile while the profile stays attached: the metadata service keeps
# listing the role and serving the credentials it already issued until they expire (up to six hours), then
# the role is gone and the CLI on the instance finds no credentials. A role added back is picked up at the
# metadata service's next look at the profile (within the hour), not at once. A profile deleted and re-created
# under the same name is a different profile: the instance needs a new association. Stop/start gives an
# instance fresh credentials.
source "$(dirname "$0")/lib.sh"
as_root

WEB="web-$RUN"

step "A role in an instance profile, and an instance launched with it"
aws iam create-role --role-name "$WEB" --query Role.Arn --output text \
  --assume-role-policy-document "$(trust_policy '{"Service":"ec2.amazonaws.com"}')"
undo aws iam delete-role --role-name "$WEB"
run aws iam create-instance-profile --instance-profile-name "$WEB" --query InstanceProfile.Arn --output text
undo aws iam delete-instance-profile --instance-profile-name "$WEB"
run aws iam add-role-to-instance-profile --instance-profile-name "$WEB" --role-name "$WEB"
undo aws iam remove-role-from-instance-profile --instance-profile-name "$WEB" --role-name "$WEB"
launch_instance "$WEB"
echo "instance $INSTANCE"
expect_text "iam-role" aws_on "$INSTANCE" configure list
expect_text "assumed-role/$WEB/$INSTANCE" aws_on "$INSTANCE" sts get-caller-identity
expect_text '"Expiration"' imds_get "$INSTANCE" "/latest/meta-data/iam/security-credentials/$WEB"

step "Remove the role from the profile; the profile stays associated"
run aws iam remove-role-from-instance-profile --instance-profile-name "$WEB" --role-name "$WEB"
expect_text "[]" aws iam get-instance-profile --instance-profile-name "$WEB" --query InstanceProfile.Roles
expect_text "$WEB" imds_get "$INSTANCE" /latest/meta-data/iam/security-credentials/
expect_text "assumed-role/$WEB/$INSTANCE" aws_on "$INSTANCE" sts get-caller-identity

step "Five hours later the metadata service still lists the role and serves the same credentials"
run iamlab clock advance 5h
expect_text "Instance Profile does not contain a role" imds_get "$INSTANCE" /latest/meta-data/iam/info
expect_text "$WEB" imds_get "$INSTANCE" /latest/meta-data/iam/security-credentials/
expect_text "assumed-role/$WEB/$INSTANCE" aws_on "$INSTANCE" sts get-caller-identity

step "Past their expiration (six hours after they were issued) the role is gone from the metadata"
run iamlab clock advance 1h
expect_text "404 - Not Found" imds_get "$INSTANCE" /latest/meta-data/iam/security-credentials/
expect_text "Unable to locate credentials" aws_on "$INSTANCE" sts get-caller-identity

step "Add the role back: not picked up at once, but at the next look at the profile (within the hour)"
run aws iam add-role-to-instance-profile --instance-profile-name "$WEB" --role-name "$WEB"
expect_text "404 - Not Found" imds_get "$INSTANCE" /latest/meta-data/iam/security-credentials/
expect_text "Unable to locate credentials" aws_on "$INSTANCE" sts get-caller-identity
run iamlab clock advance 1h
expect_text "$WEB" imds_get "$INSTANCE" /latest/meta-data/iam/security-credentials/
expect_text "assumed-role/$WEB/$INSTANCE" aws_on "$INSTANCE" sts get-caller-identity

step "Delete the profile and create one with the same name: the instance still points at the old one"
OLD_ID="$(aws iam get-instance-profile --instance-profile-name "$WEB" --query InstanceProfile.InstanceProfileId --output text)"
run aws iam remove-role-from-instance-profile --instance-profile-name "$WEB" --role-name "$WEB"
run aws iam delete-instance-profile --instance-profile-name "$WEB"
run aws iam create-instance-profile --instance-profile-name "$WEB" --query InstanceProfile.Arn --output text
run aws iam add-role-to-instance-profile --instance-profile-name "$WEB" --role-name "$WEB"
NEW_ID="$(aws iam get-instance-profile --instance-profile-name "$WEB" --query InstanceProfile.InstanceProfileId --output text)"
echo "old profile id $OLD_ID, new profile id $NEW_ID"
expect_text "$OLD_ID" aws ec2 describe-instances --instance-ids "$INSTANCE" \
  --query 'Reservations[0].Instances[0].IamInstanceProfile.Id' --output text
run iamlab clock advance 1h
expect_text "InstanceProfileNotFound" imds_get "$INSTANCE" /latest/meta-data/iam/info
step "(the credentials issued before keep being served until they expire)"
expect_text "assumed-role/$WEB/$INSTANCE" aws_on "$INSTANCE" sts get-caller-identity

step "Re-attach: disassociate the dead profile, associate the new one; fresh credentials at once"
imds_credentials_into before "$INSTANCE"
ASSOCIATION="$(aws ec2 describe-iam-instance-profile-associations --filters "Name=instance-id,Values=$INSTANCE" \
  --query 'IamInstanceProfileAssociations[0].AssociationId' --output text)"
run aws ec2 disassociate-iam-instance-profile --association-id "$ASSOCIATION" \
  --query 'IamInstanceProfileAssociation.State' --output text
run iamlab clock advance 10s
run aws ec2 associate-iam-instance-profile --instance-id "$INSTANCE" --iam-instance-profile "Name=$WEB" \
  --query 'IamInstanceProfileAssociation.IamInstanceProfile.Id' --output text
run iamlab clock advance 10s
expect_text "\"Code\" : \"Success\"" imds_get "$INSTANCE" /latest/meta-data/iam/info
expect_text "$NEW_ID" imds_get "$INSTANCE" /latest/meta-data/iam/info
imds_credentials_into reattached "$INSTANCE"
BEFORE_KEY="$(command aws configure get aws_access_key_id --profile before)"
REATTACHED_KEY="$(command aws configure get aws_access_key_id --profile reattached)"
echo "before $BEFORE_KEY, after re-attaching $REATTACHED_KEY"
if [ "$BEFORE_KEY" = "$REATTACHED_KEY" ]; then echo "FAILED: expected fresh credentials" >&2; exit 1; fi
expect_text "assumed-role/$WEB/$INSTANCE" aws_on "$INSTANCE" sts get-caller-identity

step "Stop the instance: nothing answers on it while it is stopped"
run aws ec2 stop-instances --instance-ids "$INSTANCE" --query 'StoppingInstances[0].CurrentState.Name' --output text
run iamlab clock advance 10s
expect_text "stopped" aws ec2 describe-instances --instance-ids "$INSTANCE" \
  --query 'Reservations[0].Instances[0].State.Name' --output text
expect_text "Unable to locate credentials" aws_on "$INSTANCE" sts get-caller-identity

step "Start it again: fresh credentials"
run aws ec2 start-instances --instance-ids "$INSTANCE" --query 'StartingInstances[0].CurrentState.Name' --output text
run iamlab clock advance 10s
imds_credentials_into restarted "$INSTANCE"
RESTARTED_KEY="$(command aws configure get aws_access_key_id --profile restarted)"
echo "before the stop $REATTACHED_KEY, after the start $RESTARTED_KEY"
if [ "$REATTACHED_KEY" = "$RESTARTED_KEY" ]; then echo "FAILED: expected fresh credentials after stop/start" >&2; exit 1; fi
expect_text "assumed-role/$WEB/$INSTANCE" aws_on "$INSTANCE" sts get-caller-identity
step "(the credentials from before the stop are still valid: nothing revoked them)"
expect_text "assumed-role/$WEB/$INSTANCE" aws sts get-caller-identity --profile reattached

echo
echo "example 6 done"
