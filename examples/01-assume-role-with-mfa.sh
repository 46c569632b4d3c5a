#!/usr/bin/env bash
# A user with no permissions assumes a role that trusts it, keeps the role's temporary credentials in a CLI
# profile and uses them to list the account's S3 buckets; then the role's trust policy requires MFA, and the
# user passes --serial-number and --token-code from a virtual MFA device (iamlab prints the device's current
# code, as an authenticator would).
source "$(dirname "$0")/lib.sh"
as_root
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
BUCKET="alice-reports-$RUN" ALICE="alice-$RUN" READER="reader-$RUN"

step "A bucket in the account"
run aws s3 mb "s3://$BUCKET"
undo aws s3 rb "s3://$BUCKET"

step "A user with no permissions"
new_user "$ALICE"
run aws sts get-caller-identity --profile "$ALICE"
expect_error AccessDenied aws s3 ls --profile "$ALICE"

step "A role that trusts alice, allowed to list the account's buckets"
run aws iam create-role --role-name "$READER" \
  --assume-role-policy-document "$(trust_policy "{\"AWS\":\"arn:aws:iam::$ACCOUNT:user/$ALICE\"}")" \
  --query 'Role.Arn' --output text
undo aws iam delete-role --role-name "$READER"
run aws iam put-role-policy --role-name "$READER" --policy-name list-buckets --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}'
undo aws iam delete-role-policy --role-name "$READER" --policy-name list-buckets
ROLE="arn:aws:iam::$ACCOUNT:role/$READER"

step "alice assumes it; the credentials go into profile reader"
assume_into reader "$ALICE" "$ROLE" alice-session --duration-seconds 900
expect_text "assumed-role/$READER/alice-session" aws sts get-caller-identity --profile reader
expect_text "$BUCKET" aws s3 ls --profile reader

step "A virtual MFA device for alice, enabled with two consecutive codes"
SERIAL="$(aws iam create-virtual-mfa-device --virtual-mfa-device-name "$ALICE" \
  --outfile "$WORK/alice-qr.png" --bootstrap-method QRCodePNG --query 'VirtualMFADevice.SerialNumber' --output text)"
undo aws iam delete-virtual-mfa-device --serial-number "$SERIAL"
echo "device $SERIAL (QR code in $WORK/alice-qr.png)"
read -r CODE1 CODE2 <<<"$(iamlab mfa code "$SERIAL" --count 2)"
run aws iam enable-mfa-device --user-name "$ALICE" --serial-number "$SERIAL" \
  --authentication-code1 "$CODE1" --authentication-code2 "$CODE2"
undo aws iam deactivate-mfa-device --user-name "$ALICE" --serial-number "$SERIAL"

step "The trust policy now requires MFA"
run aws iam update-assume-role-policy --role-name "$READER" --policy-document \
  "$(trust_policy "{\"AWS\":\"arn:aws:iam::$ACCOUNT:user/$ALICE\"}" '{"Bool":{"aws:MultiFactorAuthPresent":"true"}}')"
expect_error AccessDenied aws sts assume-role --profile "$ALICE" --role-arn "$ROLE" --role-session-name no-mfa

step "With --serial-number and --token-code it works (waiting for a code not used yet: each works once)"
CODE="$(iamlab mfa code "$SERIAL" --fresh)"
assume_into reader-mfa "$ALICE" "$ROLE" with-mfa --serial-number "$SERIAL" --token-code "$CODE"
expect_text "assumed-role/$READER/with-mfa" aws sts get-caller-identity --profile reader-mfa
expect_error AccessDenied aws sts assume-role --profile "$ALICE" --role-arn "$ROLE" --role-session-name again \
  --serial-number "$SERIAL" --token-code "$CODE"

echo
echo "example 1 done"
