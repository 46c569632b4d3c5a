/**
 * ec2:ModifyInstanceMetadataOptions (aws-behaviour.md §3.1, §4.2): changes HttpTokens, hop limit,
 * HttpEndpoint, IPv6 and tags-in-metadata; unspecified options keep their values. The answer shows
 * `state: pending`; the metadata service applies the change at once (it reads the record on every request).
 */
import type * as Ec2 from '../../../protocol/models/ec2.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import type { Ec2Deps } from '../ec2-deps.js';
import { ec2Errors } from '../ec2-errors.js';
import { instanceArns, requireInstance, stopIfDryRun } from '../ec2-lookup.js';
import { metadataOptionsOut } from '../ec2-wire.js';
import { instanceStateAt } from '../instance-status.js';
import { metadataOptionsFrom } from './run-instances.js';

export function modifyInstanceMetadataOptions(deps: Ec2Deps): Operation {
  const { state } = deps;
  return defineOperation<Ec2.ModifyInstanceMetadataOptionsRequest, Ec2.ModifyInstanceMetadataOptionsResult>({
    name: 'ModifyInstanceMetadataOptions',
    authorization: { kind: 'policy', action: 'ec2:ModifyInstanceMetadataOptions', resources: (input, ctx) => instanceArns(ctx, input.InstanceId) },
    handle: (input, ctx) =>
      state.mutate((current) => {
        const instance = requireInstance(current, ctx, input.InstanceId);
        const now = instanceStateAt(instance, ctx.nowMs, current.timing);
        if (now === 'shutting-down' || now === 'terminated') throw ec2Errors.terminatedInstance(instance.id);
        const metadataOptions = metadataOptionsFrom(input, instance.metadataOptions, ctx.nowMs);
        stopIfDryRun(input);
        const updated = { ...instance, metadataOptions };
        return {
          writes: [updated],
          events: [{ type: 'metadata-options-changed', instanceId: instance.id }],
          result: { InstanceId: instance.id, InstanceMetadataOptions: metadataOptionsOut(updated, ctx.nowMs, current.timing) },
        };
      }, ctx.requestId),
  });
}
