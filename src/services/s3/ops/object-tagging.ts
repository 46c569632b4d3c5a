/**
 * Put/Get/DeleteObjectTagging (aws-behaviour.md §9.4): Put replaces the whole set (an empty one clears it),
 * Get answers an empty TagSet for an object without tags, Delete answers 204. Authorized as
 * `s3:<Verb>ObjectTagging`, or `s3:<Verb>ObjectVersionTagging` with a version id, with the object's tags as
 * `s3:ExistingObjectTag/<key>` and, for Put, the new ones as `s3:RequestObjectTag/<key>` and
 * `s3:RequestObjectTagKeys`.
 */
import type {
  DeleteObjectTaggingOutput,
  DeleteObjectTaggingRequest,
  GetObjectTaggingOutput,
  GetObjectTaggingRequest,
  PutObjectTaggingOutput,
  PutObjectTaggingRequest,
} from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { objectAuthorization } from '../object-authorization.js';
import type { S3Deps } from '../s3-deps.js';
import type { ObjectRecord, StoredTag } from '../s3-records.js';
import type { S3State } from '../s3-state.js';
import { existingTagKeys, requestTagKeys, tagSetFromXml, tagSetOut } from '../tag-set.js';
import { requireObjectVersion, versionIdMember, versionTags } from '../version-lookup.js';

interface ObjectInput {
  readonly Bucket: string;
  readonly Key: string;
  readonly VersionId?: string | undefined;
}

/**
 * The version a tagging request names; a delete marker is 405 whether named or latest. GetObjectTagging's
 * NoSuchKey names `<bucket>/<key>`, Put's and Delete's only the key [R: test_object_tagging_exc,
 * test_object_tagging_versioned].
 */
function taggedObject(state: S3State, input: ObjectInput, method: string, keyInError = input.Key): ObjectRecord {
  return requireObjectVersion(state, input, method, { keyInError, markerLatest: 'not-allowed' });
}

/** The record with `tags` as its set (absent when empty, as for an object never tagged). */
function withTags(record: ObjectRecord, tags: readonly StoredTag[]): ObjectRecord {
  const { tags: _old, ...rest } = record;
  return tags.length === 0 ? rest : { ...rest, tags };
}

/** Sets the tags of the version named; answers its version id on a versioned bucket [R]. */
async function setTags(deps: S3Deps, input: ObjectInput, method: string, tags: readonly StoredTag[]): Promise<{ VersionId?: string }> {
  return deps.state.mutate((state) => {
    const record = taggedObject(state, input, method);
    return { writes: [withTags(record, tags)], result: versionIdMember(state, record) };
  });
}

const existing =
  (deps: S3Deps) =>
  (input: ObjectInput): ReturnType<typeof existingTagKeys> =>
    existingTagKeys(versionTags(deps.state, input));

/** The request's tags for its condition keys; a set that fails validation carries none (the handler refuses it). */
function requestedKeys(input: PutObjectTaggingRequest): ReturnType<typeof requestTagKeys> {
  try {
    return requestTagKeys(tagSetFromXml(input.Tagging?.TagSet, 'object'));
  } catch {
    return {};
  }
}

export function putObjectTagging(deps: S3Deps): Operation {
  return defineOperation<PutObjectTaggingRequest, PutObjectTaggingOutput>({
    name: 'PutObjectTagging',
    authorization: objectAuthorization<PutObjectTaggingRequest>('s3:PutObjectTagging', 's3:PutObjectVersionTagging', (input) => ({
      ...existing(deps)(input),
      ...requestedKeys(input),
    })),
    handle: async (input) => {
      taggedObject(deps.state, input, 'PUT');
      return setTags(deps, input, 'PUT', tagSetFromXml(input.Tagging?.TagSet, 'object'));
    },
  });
}

export function getObjectTagging(deps: S3Deps): Operation {
  return defineOperation<GetObjectTaggingRequest, GetObjectTaggingOutput>({
    name: 'GetObjectTagging',
    authorization: objectAuthorization<GetObjectTaggingRequest>('s3:GetObjectTagging', 's3:GetObjectVersionTagging', existing(deps)),
    handle: (input) => {
      const record = taggedObject(deps.state, input, 'GET', `${input.Bucket}/${input.Key}`);
      return { TagSet: tagSetOut(record.tags), ...versionIdMember(deps.state, record) };
    },
  });
}

export function deleteObjectTagging(deps: S3Deps): Operation {
  return defineOperation<DeleteObjectTaggingRequest, DeleteObjectTaggingOutput>({
    name: 'DeleteObjectTagging',
    authorization: objectAuthorization<DeleteObjectTaggingRequest>('s3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging', existing(deps)),
    handle: (input) => setTags(deps, input, 'DELETE', []),
  });
}
