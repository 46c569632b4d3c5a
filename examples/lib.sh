# Shared by the examples: point the AWS CLI at the lab, keep every profile in a scratch directory, and show
# each command before running it. Source it; do not run it.
set -euo pipefail

: "${IAMLAB_ENDPOINT:=http://127.0.0.1:4566}"
# How to run iamlab: from a checkout `npx iamlab` works; the test suite sets IAMLAB to `node …/bin/iamlab.js`.
: "${IAMLAB:=npx --no-install iamlab}"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# Profiles written by the examples live here, never in ~/.aws.
export AWS_CONFIG_FILE="$WORK/config" AWS_SHARED_CREDENTIALS_FILE="$WORK/credentials"
export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true AWS_DEFAULT_REGION=us-east-1
touch "$AWS_CONFIG_FILE" "$AWS_SHARED_CREDENTIALS_FILE"

# The AWS CLI v1 and Debian's v2.9 ignore AWS_ENDPOINT_URL, so pass the endpoint explicitly.
aws() { command aws --endpoint-url "$IAMLAB_ENDPOINT" --output json "$@"; }
iamlab() { $IAMLAB --endpoint "$IAMLAB_ENDPOINT" "$@"; }

step() { printf '\n== %s\n' "$*"; }

# run CMD…: print it, then run it.
run() {
  printf '$ %s\n' "$*"
  "$@"
}

# expect_error CODE CMD…: CMD must fail with AWS error CODE; prints what the CLI printed.
expect_error() {
  local code="$1" out
  shift
  printf '$ %s    # expected to fail: %s\n' "$*" "$code"
  if out="$("$@" 2>&1)"; then
    printf '%s\nFAILED: the command succeeded, expected %s\n' "$out" "$code" >&2
    exit 1
  fi
  printf '%s\n' "$out"
  if ! grep -q "($code)" <<<"$out"; then
    printf 'FAILED: expected error %s\n' "$code" >&2
    exit 1
  fi
}

# expect_text TEXT CMD…: CMD's output must contain TEXT.
expect_text() {
  local text="$1" out
  shift
  printf '$ %s\n' "$*"
  out="$("$@" 2>&1)" || true
  printf '%s\n' "$out"
  if ! grep -qF -- "$text" <<<"$out"; then
    printf 'FAILED: expected the output to contain: %s\n' "$text" >&2
    exit 1
  fi
}

# as_root: the lab's root credentials in the environment (the default for the aws function).
as_root() { eval "$(iamlab env)"; }

# save_profile NAME ACCESS_KEY_ID SECRET [SESSION_TOKEN]: a named CLI profile in the scratch files.
save_profile() {
  command aws configure set aws_access_key_id "$2" --profile "$1"
  command aws configure set aws_secret_access_key "$3" --profile "$1"
  if [ -n "${4:-}" ]; then command aws configure set aws_session_token "$4" --profile "$1"; fi
  command aws configure set region us-east-1 --profile "$1"
}

# new_user NAME: an IAM user with no permissions and an access key, saved as profile NAME.
new_user() {
  aws iam create-user --user-name "$1" >/dev/null
  local key
  key="$(aws iam create-access-key --user-name "$1" --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text)"
  # shellcheck disable=SC2086
  save_profile "$1" $key
  printf 'created user %s with an access key (profile %s)\n' "$1" "$1"
}

# assume_into PROFILE FROM_PROFILE ROLE_ARN SESSION [extra assume-role args…]: assume a role and save the
# temporary credentials as PROFILE.
assume_into() {
  local profile="$1" from="$2" role="$3" session="$4" creds
  shift 4
  creds="$(aws sts assume-role --profile "$from" --role-arn "$role" --role-session-name "$session" "$@" \
    --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)"
  # shellcheck disable=SC2086
  save_profile "$profile" $creds
  printf 'assumed %s as %s: credentials saved to profile %s\n' "$role" "$session" "$profile"
}

trust_policy() { # trust_policy PRINCIPAL_JSON [CONDITION_JSON]
  local condition=""
  if [ -n "${2:-}" ]; then condition=", \"Condition\": $2"; fi
  printf '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":%s,"Action":"sts:AssumeRole"%s}]}' "$1" "$condition"
}
