/**
 * The authorization of an operation on one object (§5.6, §9.3): `action` on the object, or `versionAction`
 * instead when the request names a version (`s3:GetObject` / `s3:GetObjectVersion`,
 * `s3:PutObjectTagging` / `s3:PutObjectVersionTagging`…), with the condition keys `context` gives — the
 * object's tags (aws-behaviour.md §9.4) — on whichever is checked. The action of an operation record is fixed,
 * so the versioned form is an extra check on the same object.
 */
import { objectArn } from '../../arn/arn.js';
import type { ContextValue } from '../../policy/evaluator.js';
import type { Authorization } from '../operation.js';

interface ObjectInput {
  readonly Bucket: string;
  readonly Key: string;
  readonly VersionId?: string | undefined;
}

export function objectAuthorization<I extends ObjectInput>(
  action: string,
  versionAction: string,
  context?: (input: I) => Readonly<Record<string, ContextValue>>,
): Authorization<I> {
  return {
    kind: 'policy',
    action,
    resources: (input) => (input.VersionId === undefined ? [objectArn(input.Bucket, input.Key)] : []),
    also: (input) => {
      if (input.VersionId === undefined) return [];
      const keys = context?.(input);
      return [{ action: versionAction, resource: objectArn(input.Bucket, input.Key), ...(keys === undefined ? {} : { context: keys }) }];
    },
    ...(context === undefined ? {} : { context }),
  };
}
