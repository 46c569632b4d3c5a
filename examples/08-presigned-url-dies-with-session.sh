#!/usr/bin/env bash
# A presigned URL lives no longer than the credentials that signed it. `aws s3 presign --expires-in 604800`
# with a role's 15-minute session gives a URL that claims a week but stops working when the session ends,
# with 400 ExpiredToken. The same URL signed with a user's long-term access key lives exactly as long as it
# says, then gets 403 AccessDenied "Request has expired". Both signature versions behave the same: the CLI v1
# signs S3 URLs with SigV2 by default in us-east-1, and with SigV4 when the profile says
# `s3 = signature_version = s3v4` (the CLI v2 always uses SigV4).
source "$(dirname "$0")/lib.sh"
as_root
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
BUCKET="reports-$RUN" ERIN="erin-$RUN" READER="reports-reader-$RUN"
OBJECT="s3://$BUCKET/2026/q4.csv"

# signature_version URL: SigV4 or SigV2, from the URL's query parameters.
signature_version() {
  case "$1" in
    *X-Amz-Algorithm=AWS4-HMAC-SHA256*) echo SigV4 ;;
    *AWSAccessKeyId=*Signature=*) echo SigV2 ;;
    *) echo unknown ;;
  esac
}

# presign PROFILE EXPIRES [SigV4]: presigns the object with PROFILE's credentials; prints the URL. With
# SigV4 the profile is set to sign S3 requests with SigV4 first, and the URL must show it.
presign() {
  local profile="$1" expires="$2" url
  if [ "${3:-}" = SigV4 ]; then
    printf '$ aws configure set profile.%s.s3.signature_version s3v4\n' "$profile" >&2
    aws configure set "profile.$profile.s3.signature_version" s3v4
  fi
  printf '$ aws s3 presign %s --expires-in %s --profile %s\n' "$OBJECT" "$expires" "$profile" >&2
  url="$(aws s3 presign "$OBJECT" --expires-in "$expires" --profile "$profile")"
  printf '%s URL: %s\n' "$(signature_version "$url")" "$(url_shape "$url")" >&2
  if [ "${3:-}" = SigV4 ] && [ "$(signature_version "$url")" != SigV4 ]; then
    printf 'FAILED: the CLI did not sign with SigV4:\n%s\n' "$url" >&2
    exit 1
  fi
  printf '%s\n' "$url"
}

step "A bucket and an object"
run aws s3 mb "s3://$BUCKET"
undo aws s3 rb "s3://$BUCKET" --force
printf 'region,total\neu,42\nus,17\n' >"$WORK/q4.csv"
run aws s3 cp "$WORK/q4.csv" "$OBJECT" --only-show-errors
run aws s3 ls "s3://$BUCKET" --recursive

step "A user erin with an access key, allowed to read the bucket's objects and to assume role reports-reader"
new_user "$ERIN"
run aws iam put-user-policy --user-name "$ERIN" --policy-name read-reports --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::$BUCKET/*\"},{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::$ACCOUNT:role/$READER\"}]}"
undo aws iam delete-user-policy --user-name "$ERIN" --policy-name read-reports

step "A role trusting the account, allowed s3:GetObject on the bucket's objects"
run aws iam create-role --role-name "$READER" --query Role.Arn --output text \
  --assume-role-policy-document "$(trust_policy "{\"AWS\":\"arn:aws:iam::$ACCOUNT:root\"}")"
undo aws iam delete-role --role-name "$READER"
run aws iam put-role-policy --role-name "$READER" --policy-name get-reports --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::$BUCKET/*\"}]}"
undo aws iam delete-role-policy --role-name "$READER" --policy-name get-reports

step "erin assumes it for 15 minutes; the credentials go into profile reader"
assume_into reader "$ERIN" "arn:aws:iam::$ACCOUNT:role/$READER" erin --duration-seconds 900
run aws sts get-caller-identity --profile reader --query Arn --output text

step "Presign the object for a week with the role's credentials, with the CLI's default signature and with SigV4"
ROLE_URL="$(presign reader 604800)"
ROLE_URL_V4="$(presign reader 604800 SigV4)"
fetch "$ROLE_URL" 200 "eu,42"
fetch "$ROLE_URL_V4" 200 "eu,42"

step "The same with erin's long-term keys, for one hour"
USER_URL="$(presign "$ERIN" 3600)"
USER_URL_V4="$(presign "$ERIN" 3600 SigV4)"
fetch "$USER_URL" 200 "eu,42"
fetch "$USER_URL_V4" 200 "eu,42"

step "16 minutes later the role's session has ended, and so have the week-long URLs it signed"
run iamlab clock advance 16m
fetch "$ROLE_URL" 400 "<Code>ExpiredToken</Code>" "<Message>The provided token has expired.</Message>"
fetch "$ROLE_URL_V4" 400 "<Code>ExpiredToken</Code>" "<Message>The provided token has expired.</Message>"
expect_error ExpiredToken aws s3api get-object --bucket "$BUCKET" --key 2026/q4.csv "$WORK/q4-copy.csv" --profile reader

step "erin's URLs carry on: long-term keys do not expire, the URLs' own hour has not passed"
fetch "$USER_URL" 200 "eu,42"
fetch "$USER_URL_V4" 200 "eu,42"

step "Two hours later their hour is over: 403 AccessDenied, Request has expired"
run iamlab clock advance 2h
fetch "$USER_URL" 403 "<Code>AccessDenied</Code>" "<Message>Request has expired</Message>"
fetch "$USER_URL_V4" 403 "<Code>AccessDenied</Code>" "<Message>Request has expired</Message>"
step "(erin's keys themselves still work)"
run aws s3api get-object --bucket "$BUCKET" --key 2026/q4.csv "$WORK/q4-copy.csv" --profile "$ERIN" --query ContentLength

echo
echo "example 8 done"
