#!/usr/bin/env bash
# People sign in through their company's SAML identity provider and get a role session: the IdP signs a SAML
# response, STS AssumeRoleWithSAML checks its XML signature against the metadata IAM holds for that provider,
# its audience and its age, and the role's trust policy decides with the saml: keys. The lab has an IdP of
# its own whose metadata you register with IAM, exactly as you would your company's.
source "$(dirname "$0")/lib.sh"
as_root
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
IDP="CorpIdP-$RUN" ENGINEER="engineer-$RUN"

step "The IdP's metadata, registered with IAM as a SAML provider"
iamlab saml metadata >"$WORK/idp.xml"
head -c 200 "$WORK/idp.xml" && echo …
PROVIDER="$(aws iam create-saml-provider --name "$IDP" --saml-metadata-document "file://$WORK/idp.xml" \
  --query SAMLProviderArn --output text)"
undo aws iam delete-saml-provider --saml-provider-arn "$PROVIDER"
echo "$PROVIDER"

step "A role for people of example.com signing in through that IdP"
aws iam create-role --role-name "$ENGINEER" --query Role.Arn --output text --assume-role-policy-document "$(cat <<JSON
{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"$PROVIDER"},
 "Action":"sts:AssumeRoleWithSAML",
 "Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"},"StringLike":{"saml:sub":"*@example.com"}}}]}
JSON
)"
undo aws iam delete-role --role-name "$ENGINEER"
ROLE="arn:aws:iam::$ACCOUNT:role/$ENGINEER"

# with_saml VAR [ARGS…]: AssumeRoleWithSAML with the response held in $VAR, shown by name (it is ~6 KB).
with_saml() {
  local var="$1"
  shift
  printf '$ aws sts assume-role-with-saml --role-arn %s --principal-arn %s --saml-assertion "$%s" %s\n' "$ROLE" "$PROVIDER" "$var" "$*"
  aws sts assume-role-with-saml --role-arn "$ROLE" --principal-arn "$PROVIDER" --saml-assertion "${!var}" "$@"
}

step "Alice signs in: the IdP's signed response, exchanged for a session of the role"
ALICE="$(iamlab saml assertion --provider "$PROVIDER" --role "$ROLE" --subject alice@example.com)"
with_saml ALICE --query '[AssumedRoleUser.Arn,Subject,SubjectType,Issuer,NameQualifier]' --output text

step "Mallory of another domain is refused by the trust policy"
MALLORY="$(iamlab saml assertion --provider "$PROVIDER" --role "$ROLE" --subject mallory@evil.example)"
expect_error AccessDenied with_saml MALLORY

step "Alice's response with her name changed to admin's: the signature no longer verifies"
FORGED="$(base64 -d <<<"$ALICE" | sed 's|>alice@example.com</saml:NameID>|>admin@example.com</saml:NameID>|' | base64 -w0)"
expect_text "Response signature invalid" with_saml FORGED

step "A response kept for six minutes: AWS wants it redeemed within five"
run iamlab clock advance 6m
expect_text "Token must be redeemed within 5 minutes of issuance" with_saml ALICE

echo
echo "example 12 done"
