/**
 * SimulatePrincipalPolicy answers as AWS answered LocalStack's `test_simulate_principle_policy[role|group|user]`
 * (tests/aws/services/iam/test_iam.snapshot.json, recorded 21-04-2025; aws-behaviour.md §10.4): the same
 * members through the SDK, and the same elements on the wire.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutRolePolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { signedPost } from '../support/sign.js';
import { startIamLab } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

const ACCOUNT = '123456789012';
const BUCKET = 'arn:aws:s3:::recorded-bucket';
/** The policy exactly as the recording's test sent it: Python's `json.dumps` (", " and ": " separators). */
const POLICY = '{"Version": "2012-10-17", "Statement": {"Sid": "", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}}';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: { Sid: '', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' },
});

/** The recording's matched statement; its `SourcePolicyId` was masked there, here it is the policy's name. */
const MATCHED = {
  EndPosition: { Column: 113, Line: 1 },
  SourcePolicyId: 'recorded-policy',
  SourcePolicyType: 'IAM Policy',
  StartPosition: { Column: 41, Line: 1 },
};

/** `recorded-content.response.EvaluationResults` of the three recordings (identical). */
const RECORDED = [
  {
    EvalActionName: 's3:PutObject',
    EvalDecision: 'allowed',
    EvalDecisionDetails: {},
    EvalResourceName: BUCKET,
    MatchedStatements: [MATCHED],
    MissingContextValues: [],
    OrganizationsDecisionDetail: { AllowedByOrganizations: true },
    ResourceSpecificResults: [{ EvalResourceDecision: 'allowed', EvalResourceName: BUCKET, MatchedStatements: [MATCHED], MissingContextValues: [] }],
  },
  {
    EvalActionName: 's3:GetObjectVersion',
    EvalDecision: 'implicitDeny',
    EvalDecisionDetails: {},
    EvalResourceName: BUCKET,
    MatchedStatements: [],
    MissingContextValues: [],
    OrganizationsDecisionDetail: { AllowedByOrganizations: true },
    ResourceSpecificResults: [{ EvalResourceDecision: 'implicitDeny', EvalResourceName: BUCKET, MatchedStatements: [], MissingContextValues: [] }],
  },
];

/**
 * The first result's XML as the recording implies it: boto3 parsed an empty `EvalDecisionDetails` map to `{}`
 * and empty lists to `[]`, so those elements are present and empty.
 */
const STATEMENT_XML =
  '<member><SourcePolicyId>recorded-policy</SourcePolicyId><SourcePolicyType>IAM Policy</SourcePolicyType>' +
  '<StartPosition><Line>1</Line><Column>41</Column></StartPosition><EndPosition><Line>1</Line><Column>113</Column></EndPosition></member>';
const FIRST_RESULT_XML =
  '<member><EvalActionName>s3:PutObject</EvalActionName>' +
  `<EvalResourceName>${BUCKET}</EvalResourceName><EvalDecision>allowed</EvalDecision>` +
  `<MatchedStatements>${STATEMENT_XML}</MatchedStatements><MissingContextValues/>` +
  '<OrganizationsDecisionDetail><AllowedByOrganizations>true</AllowedByOrganizations></OrganizationsDecisionDetail>' +
  '<EvalDecisionDetails/>' +
  `<ResourceSpecificResults><member><EvalResourceName>${BUCKET}</EvalResourceName><EvalResourceDecision>allowed</EvalResourceDecision>` +
  `<MatchedStatements>${STATEMENT_XML}</MatchedStatements><MissingContextValues/></member></ResourceSpecificResults></member>`;

/** The elements in order, whitespace between them dropped, so the comparison is about structure only. */
function elements(xml: string): string {
  return xml.replace(/>\s+</g, '><').trim();
}

describe('the simulator answers as AWS recorded', () => {
  let l: IamLab;
  const sources: Record<string, string> = {};
  before(async () => {
    l = await startIamLab();
    const { iam } = l;
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'recorded-policy', PolicyDocument: POLICY }));
    await iam.send(new CreateRoleCommand({ RoleName: 'recorded-role', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'recorded-role', PolicyArn: Policy?.Arn }));
    await iam.send(new CreateGroupCommand({ GroupName: 'recorded-group' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'recorded-group', PolicyArn: Policy?.Arn }));
    await iam.send(new CreateUserCommand({ UserName: 'recorded-user' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'recorded-user', PolicyArn: Policy?.Arn }));
    sources.role = `arn:aws:iam::${ACCOUNT}:role/recorded-role`;
    sources.group = `arn:aws:iam::${ACCOUNT}:group/recorded-group`;
    sources.user = `arn:aws:iam::${ACCOUNT}:user/recorded-user`;
  });
  after(async () => {
    await l.dispose();
  });

  for (const kind of ['role', 'group', 'user']) {
    it(`test_simulate_principle_policy[${kind}]: every member as recorded`, async () => {
      const { EvaluationResults, IsTruncated } = await l.iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: sources[kind],
          ActionNames: ['s3:PutObject', 's3:GetObjectVersion'],
          ResourceArns: [BUCKET],
        }),
      );
      assert.deepEqual(EvaluationResults, RECORDED);
      assert.equal(IsTruncated, false);
    });
  }

  it('on the wire: the elements of the recorded answer, empty ones included', async () => {
    const body = new URLSearchParams({
      Action: 'SimulatePrincipalPolicy',
      Version: '2010-05-08',
      PolicySourceArn: sources.role ?? '',
      'ActionNames.member.1': 's3:PutObject',
      'ResourceArns.member.1': BUCKET,
    }).toString();
    const response = await signedPost({ endpoint: l.lab.endpoint, service: 'iam', ...l.root, body });
    assert.equal(response.status, 200);
    const xml = elements(response.text);
    const results = /<EvaluationResults>(.*)<\/EvaluationResults>/.exec(xml)?.[1];
    assert.equal(results, FIRST_RESULT_XML);
    assert.match(xml, /<\/EvaluationResults><IsTruncated>false<\/IsTruncated><\/SimulatePrincipalPolicyResult>/);
  });

  it('an inline policy is named <kind>_<owner>_<policy>, as in a quoted AWS answer', async () => {
    await l.iam.send(
      new PutRolePolicyCommand({ RoleName: 'recorded-role', PolicyName: 'inline-deny', PolicyDocument: POLICY.replace('Allow', 'Deny') }),
    );
    const { EvaluationResults } = await l.iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: sources.role, ActionNames: ['s3:PutObject'] }),
    );
    assert.deepEqual(
      EvaluationResults?.[0]?.MatchedStatements?.map((s) => [s.SourcePolicyType, s.SourcePolicyId]),
      [['IAM Policy', 'role_recorded-role_inline-deny']],
    );
    const group = await l.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: sources.group, ActionNames: ['s3:PutObject'] }));
    assert.deepEqual(group.EvaluationResults?.[0]?.MatchedStatements?.[0]?.SourcePolicyId, 'recorded-policy');
  });

  it('SimulateCustomPolicy: PolicyInputList.N and ResourcePolicy, typed IAM Policy and Resource Policy, no Organizations detail', async () => {
    const bucketPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: { AWS: sources.user }, Action: 's3:PutObject', Resource: `${BUCKET}/*` }],
    });
    const { EvaluationResults } = await l.iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [POLICY],
        ActionNames: ['s3:PutObject', 's3:GetObject'],
        ResourceArns: [`${BUCKET}/key`],
        ResourcePolicy: bucketPolicy,
        CallerArn: sources.user,
      }),
    );
    assert.deepEqual(
      EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision, r.MatchedStatements?.map((s) => `${s.SourcePolicyType}|${s.SourcePolicyId}`)]),
      [
        ['s3:PutObject', 'explicitDeny', ['Resource Policy|ResourcePolicy']],
        ['s3:GetObject', 'implicitDeny', []],
      ],
    );
    assert.equal(EvaluationResults?.[0]?.OrganizationsDecisionDetail, undefined);
    assert.deepEqual(EvaluationResults?.[0]?.EvalDecisionDetails, {});
  });
});
