#!/usr/bin/env bash
# A user with no permissions assumes a role that trusts it, keeps the role's temporary credentials in a CLI
# profile and uses them to list the account's S3 buckets; then the role's trust policy requires MFA, and the
# user passes --serial-number and --token-code from a virtual MFA device (iamlab prints the device's current
# code, as an authenticator would).
source "$(dirname "$0")/lib.sh"
as_root
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"

step "A bucket in the account"
run aws s3 mb "s3://alice-reports-$ACCOUNT"

step "A user with no permissions"
new_user alice
run aws sts get-caller-identity --profile alice
expect_error AccessDenied aws s3 ls --profile alice

step "A role that trusts alice, allowed to list the account's buckets"
run aws iam create-role --role-name reader \
  --assume-role-policy-document "$(trust_policy "{\"AWS\":\"arn:aws:iam::$ACCOUNT:user/alice\"}")" \
  --query 'Role.Arn' --output text
run aws iam put-role-policy --role-name reader --policy-name list-buckets --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}'
ROLE="arn:aws:iam::$ACCOUNT:role/reader"

step "alice assumes it; the credentials go into profile reader"
assume_into reader alice "$ROLE" alice-session --duration-seconds 900
expect_text "assumed-role/reader/alice-session" aws sts get-caller-identity --profile reader
expect_text "alice-reports-$ACCOUNT" aws s3 ls --profile reader

step "A virtual MFA device for alice, enabled with two consecutive codes"
SERIAL="$(aws iam create-virtual-mfa-device --virtual-mfa-device-name alice \
  --outfile "$WORK/alice-qr.png" --bootstrap-method QRCodePNG --query 'VirtualMFADevice.SerialNumber' --output text)"
echo "device $SERIAL (QR code in $WORK/alice-qr.png)"
read -r CODE1 CODE2 <<<"$(iamlab mfa code "$SERIAL" --count 2)"
run aws iam enable-mfa-device --user-name alice --serial-number "$SERIAL" \
  --authentication-code1 "$CODE1" --authentication-code2 "$CODE2"

step "The trust policy now requires MFA"
run aws iam update-assume-role-policy --role-name reader --policy-document \
  "$(trust_policy "{\"AWS\":\"arn:aws:iam::$ACCOUNT:user/alice\"}" '{"Bool":{"aws:MultiFactorAuthPresent":"true"}}')"
expect_error AccessDenied aws sts assume-role --profile alice --role-arn "$ROLE" --role-session-name no-mfa

step "With --serial-number and --token-code it works (waiting for a code not used yet: each works once)"
CODE="$(iamlab mfa code "$SERIAL" --fresh)"
assume_into reader-mfa alice "$ROLE" with-mfa --serial-number "$SERIAL" --token-code "$CODE"
expect_text "assumed-role/reader/with-mfa" aws sts get-caller-identity --profile reader-mfa
expect_error AccessDenied aws sts assume-role --profile alice --role-arn "$ROLE" --role-session-name again \
  --serial-number "$SERIAL" --token-code "$CODE"

echo
echo "example 1 done"
