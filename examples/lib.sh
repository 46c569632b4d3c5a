# Shared by the examples: point the AWS CLI at the lab, keep every profile in a scratch directory, and show
# each command before running it. Source it; do not run it.
set -euo pipefail

: "${IAMLAB_ENDPOINT:=http://127.0.0.1:4566}"
# How to run iamlab: `iamlab` when it is on the PATH (npm link), else this clone's bin/iamlab.js; the test suite sets
# IAMLAB itself.
if [ -z "${IAMLAB:-}" ]; then
  if command -v iamlab >/dev/null; then IAMLAB="$(command -v iamlab)"; else IAMLAB="node $(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/bin/iamlab.js"; fi
fi

WORK="$(mktemp -d)"

# Every name an example creates ends in this run's suffix, and what it created is deleted when it ends, however it
# ends: so the examples run on any lab, in any order, as often as you like. `undo CMD…` registers the command
# that deletes what was just created; they run newest first, as the root of the account the example started in.
RUN="$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
UNDO=()
undo() {
  local cmd
  printf -v cmd '%q ' "$@"
  UNDO=("$cmd" "${UNDO[@]}")
}
finish() {
  local status=$? cmd failed=0
  set +e
  if [ "${#UNDO[@]}" -gt 0 ]; then
    printf '\n== Clean up: %d deletions\n' "${#UNDO[@]}"
    for cmd in "${UNDO[@]}"; do
      if ! eval "$cmd" >/dev/null 2>"$WORK/undo.err"; then
        failed=$((failed + 1))
        printf 'could not undo: %s\n%s\n' "$cmd" "$(cat "$WORK/undo.err")"
      fi
    done
    printf 'clean up done, %d failed\n' "$failed"
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap finish EXIT
# Profiles written by the examples live here, never in ~/.aws.
export AWS_CONFIG_FILE="$WORK/config" AWS_SHARED_CREDENTIALS_FILE="$WORK/credentials"
export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true AWS_DEFAULT_REGION=us-east-1
touch "$AWS_CONFIG_FILE" "$AWS_SHARED_CREDENTIALS_FILE"

# AWS CLIs older than 1.29 / 2.13 (Debian 12's is 2.9) ignore AWS_ENDPOINT_URL: pass the endpoint explicitly, so any CLI works.
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

# in_account ACCOUNT CMD…: CMD run as ACCOUNT's root, in a subshell.
in_account() (
  eval "$(iamlab env --account "$1")"
  shift
  "$@"
)

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
  undo aws iam delete-user --user-name "$1"
  local key
  key="$(aws iam create-access-key --user-name "$1" --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text)"
  undo aws iam delete-access-key --user-name "$1" --access-key-id "${key%%[[:space:]]*}"
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

# --- EC2 instances and their metadata service (examples 5-7) ---
# Every instance has its own metadata listener on loopback; the admin API names it:
# GET $IAMLAB_ENDPOINT/_iamlab/instances/<id> → {"imdsEndpoint": "http://127.0.0.1:<port>", …}.

# imds_endpoint INSTANCE: the instance's metadata endpoint (what 169.254.169.254 is on EC2).
imds_endpoint() {
  curl -sS "$IAMLAB_ENDPOINT/_iamlab/instances/$1" | sed -n 's/.*"imdsEndpoint": *"\([^"]*\)".*/\1/p'
}

# imds_token INSTANCE: an IMDSv2 session token (PUT /latest/api/token), as the SDKs ask for one.
imds_token() {
  curl -sS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 21600' "$(imds_endpoint "$1")/latest/api/token"
}

# imds_request INSTANCE PATH [CURL_ARGS…]: GET PATH from the instance's metadata service; prints the body
# (on EC2 a 401/404 answer is an XHTML page whose title names the status) and fails unless it is a 200.
imds_request() {
  local instance="$1" path="$2" out status
  shift 2
  out="$(curl -sS -w '\n%{http_code}' "$@" "$(imds_endpoint "$instance")$path")"
  status="${out##*$'\n'}"
  printf '%s\n' "${out%$'\n'*}"
  [ "$status" = 200 ]
}

# imds_get INSTANCE PATH: IMDSv2 — a token first, then the GET with it (curl -H "X-aws-ec2-metadata-token: …").
imds_get() { imds_request "$1" "$2" -H "X-aws-ec2-metadata-token: $(imds_token "$1")"; }

# imds_get_v1 INSTANCE PATH: IMDSv1 — the GET without a token.
imds_get_v1() { imds_request "$1" "$2"; }

# json_field NAME: the string value of "NAME" in the JSON document on stdin (IMDS documents are flat).
json_field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p"; }

# imds_credentials_into PROFILE INSTANCE [v1]: read the instance role's credentials from the metadata
# service (IMDSv2, or IMDSv1 with `v1`) as anything running on the instance can, and save them as a CLI
# profile on this machine, i.e. outside the instance.
imds_credentials_into() {
  local profile="$1" instance="$2" get=imds_get role document
  if [ "${3:-}" = v1 ]; then get=imds_get_v1; fi
  role="$($get "$instance" /latest/meta-data/iam/security-credentials/)"
  document="$($get "$instance" "/latest/meta-data/iam/security-credentials/$role")"
  save_profile "$profile" "$(json_field AccessKeyId <<<"$document")" "$(json_field SecretAccessKey <<<"$document")" \
    "$(json_field Token <<<"$document")"
  printf 'read the credentials of role %s from %s (%s, expiring %s): saved to profile %s\n' "$role" "$instance" \
    "$([ "$get" = imds_get ] && echo IMDSv2 || echo IMDSv1)" "$(json_field Expiration <<<"$document")" "$profile"
}

# on_instance INSTANCE CMD…: run CMD as a process on the instance (iamlab exec): its only credentials are
# the ones its SDK or CLI finds in the instance's metadata service.
on_instance() {
  local instance="$1"
  shift
  # exec takes its own options (everything after `--` is the command), so --endpoint goes after `exec`.
  $IAMLAB exec --endpoint "$IAMLAB_ENDPOINT" --instance "$instance" -- "$@"
}

# aws_on INSTANCE ARGS…: the AWS CLI on the instance (the endpoint passed explicitly, as for `aws` above).
aws_on() {
  local instance="$1"
  shift
  on_instance "$instance" aws --endpoint-url "$IAMLAB_ENDPOINT" --output json "$@"
}

# launch_instance PROFILE [run-instances args…]: launch one instance with an instance profile, let the virtual
# clock run past `pending`, and set INSTANCE to its id (a variable, not output: `undo` must not run in a subshell).
launch_instance() {
  local profile="$1"
  shift
  INSTANCE="$(aws ec2 run-instances --image-id ami-0123456789abcdef0 --instance-type t3.micro --count 1 \
    --iam-instance-profile "Name=$profile" "$@" --query 'Instances[0].InstanceId' --output text)"
  undo aws ec2 terminate-instances --instance-ids "$INSTANCE"
  iamlab clock advance 10s >/dev/null
}

# --- S3 presigned URLs (example 8) ---

# url_shape URL: the URL without its values, to show which signature it carries (SigV2: AWSAccessKeyId,
# Signature, Expires; SigV4: X-Amz-Algorithm, X-Amz-Credential, …) without pages of token.
url_shape() {
  local url="$1" query
  query="${url#*\?}"
  printf '%s?%s\n' "${url%%\?*}" "$(tr '&' '\n' <<<"$query" | sed 's/=.*/=…/' | paste -sd '&' -)"
}

# fetch URL STATUS [TEXT…]: GET URL with curl (no credentials, as a browser would); prints the status and
# the body and fails unless the status is STATUS and the body contains every TEXT.
fetch() {
  local url="$1" want="$2" out status body text
  shift 2
  printf '$ curl "%s"\n' "$(url_shape "$url")"
  out="$(curl -sS -w '\n%{http_code}' "$url")"
  status="${out##*$'\n'}"
  body="${out%$'\n'*}"
  printf 'HTTP %s\n%s\n' "$status" "$body"
  if [ "$status" != "$want" ]; then
    printf 'FAILED: expected HTTP %s\n' "$want" >&2
    exit 1
  fi
  for text in "$@"; do
    if ! grep -qF -- "$text" <<<"$body"; then
      printf 'FAILED: expected the body to contain: %s\n' "$text" >&2
      exit 1
    fi
  done
}
