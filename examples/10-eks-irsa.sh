#!/usr/bin/env bash
# IAM Roles for Service Accounts (IRSA) on EKS: the cluster is an OIDC issuer, each pod gets a projected
# service-account token (aud sts.amazonaws.com, sub system:serviceaccount:<namespace>:<account>) and the SDK's
# web identity provider exchanges it, through AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, for the role the
# service account is annotated with. The lab plays the cluster's issuer
# (https://oidc.eks.us-east-1.amazonaws.com/id/<ID>, its own key). The trust policy admits one service account;
# a pod of another is refused; and a token the kubelet never refreshed is refused once it is a day old.
source "$(dirname "$0")/lib.sh"
as_root
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
APP="payments-app-$RUN"

step "The cluster's OIDC issuer, registered with IAM for the audience sts.amazonaws.com"
ISSUER_URL="$(iamlab oidc token --issuer eks --json | json_field issuer)"
ISSUER="${ISSUER_URL#https://}"
echo "$ISSUER_URL"
PROVIDER="$(aws iam create-open-id-connect-provider --url "$ISSUER_URL" --client-id-list sts.amazonaws.com \
  --query OpenIDConnectProviderArn --output text)"
undo aws iam delete-open-id-connect-provider --open-id-connect-provider-arn "$PROVIDER"

step "A role for the service account payments/app only, allowed to list buckets"
aws iam create-role --role-name "$APP" --query Role.Arn --output text --assume-role-policy-document "$(cat <<JSON
{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"$PROVIDER"},
 "Action":"sts:AssumeRoleWithWebIdentity",
 "Condition":{"StringEquals":{"$ISSUER:aud":"sts.amazonaws.com","$ISSUER:sub":"system:serviceaccount:payments:app"}}}]}
JSON
)"
undo aws iam delete-role --role-name "$APP"
run aws iam put-role-policy --role-name "$APP" --policy-name list-buckets --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}'
undo aws iam delete-role-policy --role-name "$APP" --policy-name list-buckets
ROLE="arn:aws:iam::$ACCOUNT:role/$APP"

# in_pod NAMESPACE SERVICE_ACCOUNT CMD…: run CMD as a pod of that service account (token file, role ARN; no
# session name, as the EKS webhook sets none: boto3 then names it botocore-session-<time>).
in_pod() {
  local namespace="$1" account="$2"
  shift 2
  $IAMLAB exec --endpoint "$IAMLAB_ENDPOINT" --web-identity "$ROLE" --issuer eks --sub "system:serviceaccount:$namespace:$account" -- "$@"
}
# The pod's program: who am I, then list the buckets; an AWS error is printed as the SDK words it.
cat >"$WORK/app.py" <<'PY'
import sys
import boto3, botocore.exceptions
try:
    print(boto3.client("sts").get_caller_identity()["Arn"])
    print(len(boto3.client("s3").list_buckets()["Buckets"]), "buckets")
except botocore.exceptions.ClientError as error:
    sys.exit(str(error))
PY

step "A pod of payments/app: boto3's default chain reads the token file and assumes the role"
expect_text "assumed-role/$APP/botocore-session-" in_pod payments app python3 "$WORK/app.py"

step "A pod of default/default presents a valid token of the same cluster, for another service account: refused"
expect_text "(AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity" \
  in_pod default default python3 "$WORK/app.py"

step "A pod that runs for 25 hours while its token is never refreshed (the kubelet renews it at 80% of its day)"
expect_text "ExpiredTokenException" in_pod payments app bash -c \
  "python3 $WORK/app.py && $IAMLAB clock advance 25h --endpoint $IAMLAB_ENDPOINT >/dev/null && python3 $WORK/app.py"

echo
echo "example 10 done"
