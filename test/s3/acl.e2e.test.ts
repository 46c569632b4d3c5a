/**
 * ACLs, Object Ownership and Block Public Access with boto3 (aws-behaviour.md §9.6): the defaults of a new
 * bucket as recorded from AWS, the errors recorded in LocalStack's snapshots, and anonymous reads through a
 * public-read ACL only once Block Public Access is off and ACLs are enabled.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { boto3Python, SKIP_NO_BOTO3 } from '../support/clients.js';
import { S3Lab } from './s3-lab.js';

const PRELUDE = `
import json, boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError
def client(**config):
    return boto3.client('s3', endpoint_url=ENDPOINT, region_name='us-east-1', config=Config(retries={'max_attempts': 1}, **config))
def anonymous():
    return client(signature_version=UNSIGNED)
def err(call):
    try:
        call()
    except ClientError as e:
        error = e.response['Error']
        return {**error, 'status': e.response['ResponseMetadata']['HTTPStatusCode']}
    return None
def strip(r):
    r.pop('ResponseMetadata', None)
    return r
`;

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

describe('S3 ACLs, Object Ownership and Block Public Access (boto3)', { skip: boto3Python() === false ? SKIP_NO_BOTO3 : false }, () => {
  let l: S3Lab;

  async function py<T>(script: string): Promise<T> {
    const result = await l.boto3(l.root, `${PRELUDE}\n${script}`);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as T;
  }

  before(async () => {
    l = await S3Lab.start();
  });
  after(async () => {
    await l.dispose();
  });

  it('a new bucket: BucketOwnerEnforced, all four blocks on, owner FULL_CONTROL; after Delete the recorded 404s', async () => {
    const out = await py<Record<string, unknown>>(`
s3 = client()
s3.create_bucket(Bucket='acl-defaults')
owner = s3.list_buckets()['Owner']['ID']
out = {
  'owner': owner,
  'ownership': strip(s3.get_bucket_ownership_controls(Bucket='acl-defaults')),
  'pab': strip(s3.get_public_access_block(Bucket='acl-defaults')),
  'acl': strip(s3.get_bucket_acl(Bucket='acl-defaults')),
}
out['deleteOwnership'] = s3.delete_bucket_ownership_controls(Bucket='acl-defaults')['ResponseMetadata']['HTTPStatusCode']
out['ownershipGone'] = err(lambda: s3.get_bucket_ownership_controls(Bucket='acl-defaults'))
out['deleteAgain'] = s3.delete_bucket_ownership_controls(Bucket='acl-defaults')['ResponseMetadata']['HTTPStatusCode']
out['deletePab'] = s3.delete_public_access_block(Bucket='acl-defaults')['ResponseMetadata']['HTTPStatusCode']
out['pabGone'] = err(lambda: s3.get_public_access_block(Bucket='acl-defaults'))
s3.put_public_access_block(Bucket='acl-defaults', PublicAccessBlockConfiguration={'BlockPublicAcls': False, 'IgnorePublicAcls': False, 'BlockPublicPolicy': False})
out['pabPut'] = strip(s3.get_public_access_block(Bucket='acl-defaults'))
s3.put_bucket_ownership_controls(Bucket='acl-defaults', OwnershipControls={'Rules': [{'ObjectOwnership': 'ObjectWriter'}]})
out['ownershipPut'] = strip(s3.get_bucket_ownership_controls(Bucket='acl-defaults'))
print(json.dumps(out))
`);
    const owner = out['owner'] as string;
    assert.match(owner, /^[0-9a-f]{64}$/);
    assert.deepEqual(out['ownership'], { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } });
    assert.deepEqual(out['pab'], {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    });
    assert.deepEqual(out['acl'], {
      Owner: { ID: owner },
      Grants: [{ Grantee: { ID: owner, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }],
    });
    assert.equal(out['deleteOwnership'], 204);
    assert.deepEqual(out['ownershipGone'], {
      Code: 'OwnershipControlsNotFoundError',
      Message: 'The bucket ownership controls were not found',
      BucketName: 'acl-defaults',
      status: 404,
    });
    assert.equal(out['deleteAgain'], 204);
    assert.equal(out['deletePab'], 204);
    assert.deepEqual(out['pabGone'], {
      Code: 'NoSuchPublicAccessBlockConfiguration',
      Message: 'The public access block configuration was not found',
      BucketName: 'acl-defaults',
      status: 404,
    });
    assert.deepEqual(out['pabPut'], {
      PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false },
    });
    assert.deepEqual(out['ownershipPut'], { OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } });
  });

  it('ownership controls: the recorded MalformedXML and x-amz-object-ownership errors; CreateBucket with a rule', async () => {
    const out = await py<Record<string, unknown>>(`
s3 = client()
s3.create_bucket(Bucket='own-exc')
put = lambda rules: err(lambda: s3.put_bucket_ownership_controls(Bucket='own-exc', OwnershipControls={'Rules': rules}))
print(json.dumps({
  'two': put([{'ObjectOwnership': 'BucketOwnerPreferred'}, {'ObjectOwnership': 'ObjectWriter'}]),
  'wrong': put([{'ObjectOwnership': 'RandomValue'}]),
  'empty': put([]),
  'createWrong': err(lambda: s3.create_bucket(Bucket='own-exc-2', ObjectOwnership='RandomValue')),
  'createEmpty': err(lambda: s3.create_bucket(Bucket='own-exc-3', ObjectOwnership='')),
  'created': s3.create_bucket(Bucket='own-pref', ObjectOwnership='BucketOwnerPreferred') and strip(s3.get_bucket_ownership_controls(Bucket='own-pref')),
}))
`);
    const malformed = {
      Code: 'MalformedXML',
      Message: 'The XML you provided was not well-formed or did not validate against our published schema',
      status: 400,
    };
    assert.deepEqual(out['two'], malformed);
    assert.deepEqual(out['wrong'], malformed);
    assert.deepEqual(out['empty'], malformed);
    assert.deepEqual(out['createWrong'], {
      Code: 'InvalidArgument',
      Message: 'Invalid x-amz-object-ownership header: RandomValue',
      ArgumentName: 'x-amz-object-ownership',
      status: 400,
    });
    assert.deepEqual(out['createEmpty'], {
      Code: 'InvalidArgument',
      Message: 'Invalid x-amz-object-ownership header: ',
      ArgumentName: 'x-amz-object-ownership',
      status: 400,
    });
    assert.deepEqual(out['created'], { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } });
  });

  it('with the defaults ACLs are refused and anonymous reads are denied', async () => {
    const out = await py<Record<string, unknown>>(`
s3 = client()
out = {
  'createPublic': err(lambda: s3.create_bucket(Bucket='acl-refused', ACL='public-read')),
  'createWriterPublic': err(lambda: s3.create_bucket(Bucket='acl-refused', ACL='public-read', ObjectOwnership='ObjectWriter')),
}
s3.create_bucket(Bucket='acl-refused')
out['putBucketAcl'] = err(lambda: s3.put_bucket_acl(Bucket='acl-refused', ACL='public-read'))
out['putBucketAclPrivate'] = err(lambda: s3.put_bucket_acl(Bucket='acl-refused', ACL='private'))
out['putObjectPublic'] = err(lambda: s3.put_object(Bucket='acl-refused', Key='k', Body=b'x', ACL='public-read'))
out['putObjectOwnerFull'] = s3.put_object(Bucket='acl-refused', Key='k', Body=b'x', ACL='bucket-owner-full-control')['ResponseMetadata']['HTTPStatusCode']
out['putObjectPrivateByOwner'] = s3.put_object(Bucket='acl-refused', Key='p', Body=b'x', ACL='private')['ResponseMetadata']['HTTPStatusCode']
out['putObjectAclPrivate'] = err(lambda: s3.put_object_acl(Bucket='acl-refused', Key='p', ACL='private'))
out['anonymousGet'] = err(lambda: anonymous().get_object(Bucket='acl-refused', Key='k'))
print(json.dumps(out))
`);
    assert.deepEqual(out['createPublic'], {
      Code: 'InvalidBucketAclWithObjectOwnership',
      Message: "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
      status: 400,
    });
    assert.deepEqual(out['createWriterPublic'], {
      Code: 'InvalidBucketAclWithBlockPublicAccessError',
      Message: 'Bucket cannot have public ACLs set with BlockPublicAccess enabled',
      status: 400,
    });
    const notSupported = { Code: 'AccessControlListNotSupported', Message: 'The bucket does not allow ACLs', status: 400 };
    assert.deepEqual(out['putBucketAcl'], notSupported);
    assert.deepEqual(out['putBucketAclPrivate'], notSupported);
    assert.deepEqual(out['putObjectPublic'], notSupported);
    assert.equal(out['putObjectOwnerFull'], 200);
    // `private` by the bucket owner comes to the owner's full control: an upload carrying it passes (as rclone's
    // do), while setting it with PutObjectAcl is still refused.
    assert.equal(out['putObjectPrivateByOwner'], 200);
    assert.deepEqual(out['putObjectAclPrivate'], notSupported);
    assert.equal((out['anonymousGet'] as { Code: string }).Code, 'AccessDenied');
  });

  it('public-read after disabling Block Public Access and enabling ACLs lets anonymous requests read; IgnorePublicAcls takes it back', async () => {
    const out = await py<Record<string, unknown>>(`
s3 = client()
s3.create_bucket(Bucket='acl-public')
s3.put_object(Bucket='acl-public', Key='k', Body=b'hello')
out = {'blocked': err(lambda: s3.put_object_acl(Bucket='acl-public', Key='k', ACL='public-read'))}
s3.put_bucket_ownership_controls(Bucket='acl-public', OwnershipControls={'Rules': [{'ObjectOwnership': 'BucketOwnerPreferred'}]})
out['bpa'] = err(lambda: s3.put_object_acl(Bucket='acl-public', Key='k', ACL='public-read'))
s3.delete_public_access_block(Bucket='acl-public')
s3.put_object_acl(Bucket='acl-public', Key='k', ACL='public-read')
out['acl'] = strip(s3.get_object_acl(Bucket='acl-public', Key='k'))
out['read'] = anonymous().get_object(Bucket='acl-public', Key='k')['Body'].read().decode()
out['listDenied'] = err(lambda: anonymous().list_objects_v2(Bucket='acl-public'))
s3.put_public_access_block(Bucket='acl-public', PublicAccessBlockConfiguration={'IgnorePublicAcls': True})
out['ignored'] = err(lambda: anonymous().get_object(Bucket='acl-public', Key='k'))
out['stillShown'] = len(s3.get_object_acl(Bucket='acl-public', Key='k')['Grants'])
print(json.dumps(out))
`);
    assert.deepEqual(out['blocked'], { Code: 'AccessControlListNotSupported', Message: 'The bucket does not allow ACLs', status: 400 });
    assert.deepEqual(out['bpa'], { Code: 'AccessDenied', Message: 'Access Denied', status: 403 });
    const acl = out['acl'] as { Owner: { ID: string }; Grants: unknown[] };
    assert.deepEqual(acl.Grants, [
      { Grantee: { ID: acl.Owner.ID, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' },
      { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
    ]);
    assert.equal(out['read'], 'hello');
    assert.equal((out['listDenied'] as { Code: string }).Code, 'AccessDenied');
    assert.equal((out['ignored'] as { Code: string }).Code, 'AccessDenied');
    assert.equal(out['stillShown'], 2);
  });

  it('PutBucketAcl: canned, grant headers and the XML body, and the recorded errors', async () => {
    const out = await py<Record<string, unknown>>(`
s3 = client()
s3.create_bucket(Bucket='acl-bucket', ObjectOwnership='ObjectWriter')
s3.delete_public_access_block(Bucket='acl-bucket')
owner = s3.list_buckets()['Owner']
s3.put_bucket_acl(Bucket='acl-bucket', ACL='public-read')
out = {'owner': owner['ID'], 'canned': strip(s3.get_bucket_acl(Bucket='acl-bucket'))}
s3.put_bucket_acl(Bucket='acl-bucket', GrantRead='uri="http://acs.amazonaws.com/groups/s3/LogDelivery"')
out['grant'] = strip(s3.get_bucket_acl(Bucket='acl-bucket'))
acp = {'Owner': {'ID': owner['ID']}, 'Grants': [
  {'Grantee': {'ID': owner['ID'], 'Type': 'CanonicalUser'}, 'Permission': 'FULL_CONTROL'},
  {'Grantee': {'URI': 'http://acs.amazonaws.com/groups/s3/LogDelivery', 'Type': 'Group'}, 'Permission': 'WRITE'}]}
s3.put_bucket_acl(Bucket='acl-bucket', AccessControlPolicy=acp)
out['acp'] = strip(s3.get_bucket_acl(Bucket='acl-bucket'))
put = lambda **kw: err(lambda: s3.put_bucket_acl(Bucket='acl-bucket', **kw))
out['fakeAcl'] = put(ACL='fake-acl')
out['fakeUri'] = put(GrantWrite='uri="http://acs.amazonaws.com/groups/s3/FakeGroup"')
out['fakeKey'] = put(GrantWrite='fakekey="1234"')
out['wrongId'] = put(GrantWrite='id="wrong-id"')
out['noOwner'] = put(AccessControlPolicy={'Grants': [acp['Grants'][1]]})
out['badOwner'] = put(AccessControlPolicy={'Owner': {'ID': 'wrong-id'}, 'Grants': acp['Grants']})
out['badType'] = put(AccessControlPolicy={'Owner': acp['Owner'], 'Grants': [{'Grantee': {'ID': 'x', 'Type': 'BadType'}, 'Permission': 'READ'}]})
out['empty'] = put(AccessControlPolicy={})
out['nothing'] = put()
out['both'] = put(ACL='private', GrantRead='uri="http://acs.amazonaws.com/groups/s3/LogDelivery"')
out['withBody'] = put(ACL='private', AccessControlPolicy=acp)
print(json.dumps(out))
`);
    const owner = out['owner'] as string;
    const me = { Grantee: { ID: owner, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' };
    assert.deepEqual(out['canned'], { Owner: { ID: owner }, Grants: [me, { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' }] });
    const logDelivery = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
    assert.deepEqual(out['grant'], { Owner: { ID: owner }, Grants: [{ Grantee: { Type: 'Group', URI: logDelivery }, Permission: 'READ' }] });
    assert.deepEqual(out['acp'], { Owner: { ID: owner }, Grants: [me, { Grantee: { Type: 'Group', URI: logDelivery }, Permission: 'WRITE' }] });
    assert.deepEqual(out['fakeAcl'], { Code: 'InvalidArgument', ArgumentName: 'x-amz-acl', ArgumentValue: 'fake-acl', status: 400 });
    assert.deepEqual(out['fakeUri'], {
      Code: 'InvalidArgument',
      Message: 'Invalid group uri',
      ArgumentName: 'uri',
      ArgumentValue: 'http://acs.amazonaws.com/groups/s3/FakeGroup',
      status: 400,
    });
    assert.deepEqual(out['fakeKey'], {
      Code: 'InvalidArgument',
      Message: 'Argument format not recognized',
      ArgumentName: 'x-amz-grant-write',
      ArgumentValue: 'fakekey="1234"',
      status: 400,
    });
    assert.deepEqual(out['wrongId'], { Code: 'InvalidArgument', Message: 'Invalid id', ArgumentName: 'id', ArgumentValue: 'wrong-id', status: 400 });
    const malformedAcl = {
      Code: 'MalformedACLError',
      Message: 'The XML you provided was not well-formed or did not validate against our published schema',
      status: 400,
    };
    assert.deepEqual(out['noOwner'], malformedAcl);
    assert.deepEqual(out['badOwner'], {
      Code: 'InvalidArgument',
      Message: 'Invalid id',
      ArgumentName: 'CanonicalUser/ID',
      ArgumentValue: 'wrong-id',
      status: 400,
    });
    assert.deepEqual(out['badType'], malformedAcl);
    assert.deepEqual(out['empty'], malformedAcl);
    assert.deepEqual(out['nothing'], {
      Code: 'MissingSecurityHeader',
      Message: 'Your request was missing a required header',
      MissingHeaderName: 'x-amz-acl',
      status: 400,
    });
    assert.deepEqual(out['both'], { Code: 'InvalidRequest', Message: 'Specifying both Canned ACLs and Header Grants is not allowed', status: 400 });
    assert.deepEqual(out['withBody'], { Code: 'UnexpectedContent', Message: 'This request does not support content', status: 400 });
  });

  it('Block Public Access on policies: a public policy is refused, then allowed and reported public; RestrictPublicBuckets stops anonymous use', async () => {
    const out = await py<Record<string, unknown>>(`
s3 = client()
s3.create_bucket(Bucket='pol-public')
s3.put_object(Bucket='pol-public', Key='k', Body=b'hi')
public = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::pol-public/*'}]})
limited = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::pol-public/*', 'Condition': {'StringEquals': {'aws:SourceVpce': 'vpce-1a2b3c4d'}}}]})
out = {'noPolicy': err(lambda: s3.get_bucket_policy_status(Bucket='pol-public'))}
out['blocked'] = err(lambda: s3.put_bucket_policy(Bucket='pol-public', Policy=public))
s3.put_bucket_policy(Bucket='pol-public', Policy=limited)
out['limited'] = strip(s3.get_bucket_policy_status(Bucket='pol-public'))
s3.put_public_access_block(Bucket='pol-public', PublicAccessBlockConfiguration={'RestrictPublicBuckets': True})
s3.put_bucket_policy(Bucket='pol-public', Policy=public)
out['public'] = strip(s3.get_bucket_policy_status(Bucket='pol-public'))
out['restricted'] = err(lambda: anonymous().get_object(Bucket='pol-public', Key='k'))
s3.delete_public_access_block(Bucket='pol-public')
out['read'] = anonymous().get_object(Bucket='pol-public', Key='k')['Body'].read().decode()
print(json.dumps(out))
`);
    assert.deepEqual(out['noPolicy'], {
      Code: 'NoSuchBucketPolicy',
      Message: 'The bucket policy does not exist',
      BucketName: 'pol-public',
      status: 404,
    });
    assert.deepEqual(out['blocked'], { Code: 'AccessDenied', Message: 'Access Denied', status: 403 });
    assert.deepEqual(out['limited'], { PolicyStatus: { IsPublic: false } });
    assert.deepEqual(out['public'], { PolicyStatus: { IsPublic: true } });
    assert.equal((out['restricted'] as { Code: string }).Code, 'AccessDenied');
    assert.equal(out['read'], 'hi');
  });
});
