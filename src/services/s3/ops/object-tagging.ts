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
import { s3Errors } from '../s3-errors.js';
import { requireBucket } from '../s3-lookup.js';
import type { ObjectRecord, StoredTag } from '../s3-records.js';
import type { S3State } from '../s3-state.js';
import { existingTagKeys, requestTagKeys, tagSetFromXml, tagSetOut } from '../tag-set.js';
import { checkVersionId } from '../version-id.js';

interface ObjectInput {
  readonly Bucket: string;
  readonly Key: string;
  readonly VersionId?: string | undefined;
}

/**
 * The object a tagging request names. GetObjectTagging's NoSuchKey names `<bucket>/<key>`, Put's and
 * Delete's only the key [R: test_object_tagging_exc].
 */
function taggedObject(state: S3State, input: ObjectInput, keyInError: string): ObjectRecord {
  requireBucket(state, input.Bucket);
  checkVersionId(input.VersionId);
  const record = state.object(input.Bucket, input.Key);
  if (record === undefined) throw s3Errors.noSuchKey(keyInError);
  return record;
}

/** The record with `tags` as its set (absent when empty, as for an object never tagged). */
function withTags(record: ObjectRecord, tags: readonly StoredTag[]): ObjectRecord {
  const { tags: _old, ...rest } = record;
  return tags.length === 0 ? rest : { ...rest, tags };
}

async function setTags(deps: S3Deps, input: ObjectInput, tags: readonly StoredTag[]): Promise<void> {
  await deps.state.mutate((state) => ({ writes: [withTags(taggedObject(state, input, input.Key), tags)], result: undefined }));
}

const existing =
  (deps: S3Deps) =>
  (input: ObjectInput): ReturnType<typeof existingTagKeys> =>
    existingTagKeys(deps.state.object(input.Bucket, input.Key)?.tags);

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
      taggedObject(deps.state, input, input.Key);
      await setTags(deps, input, tagSetFromXml(input.Tagging?.TagSet, 'object'));
      return {};
    },
  });
}

export function getObjectTagging(deps: S3Deps): Operation {
  return defineOperation<GetObjectTaggingRequest, GetObjectTaggingOutput>({
    name: 'GetObjectTagging',
    authorization: objectAuthorization<GetObjectTaggingRequest>('s3:GetObjectTagging', 's3:GetObjectVersionTagging', existing(deps)),
    handle: (input) => ({ TagSet: tagSetOut(taggedObject(deps.state, input, `${input.Bucket}/${input.Key}`).tags) }),
  });
}

export function deleteObjectTagging(deps: S3Deps): Operation {
  return defineOperation<DeleteObjectTaggingRequest, DeleteObjectTaggingOutput>({
    name: 'DeleteObjectTagging',
    authorization: objectAuthorization<DeleteObjectTaggingRequest>('s3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging', existing(deps)),
    handle: async (input) => {
      await setTags(deps, input, []);
      return {};
    },
  });
}
