/**
 * iam:TagMFADevice, iam:UntagMFADevice and iam:ListMFADeviceTags, all on the device's ARN (its serial
 * number). Tag rules are in mfa-tags.ts; removing a key the device does not have is not an error.
 */
import type {
  ListMFADeviceTagsRequest,
  ListMFADeviceTagsResponse,
  TagMFADeviceRequest,
  UntagMFADeviceRequest,
} from '../../../protocol/models/iam.js';
import { defineOperation, type Operation } from '../../operation.js';
import { requireDevice, type MfaDeps } from '../mfa-deps.js';
import { pageInfo, paginate } from '../mfa-paginate.js';
import { mergeTags, removeTags, tagsFromWire, tagsToWire } from '../mfa-tags.js';

export function tagMfaDevice(deps: MfaDeps): Operation {
  return defineOperation<TagMFADeviceRequest, Record<string, never>>({
    name: 'TagMFADevice',
    authorization: { kind: 'policy', action: 'iam:TagMFADevice', resources: (input) => [input.SerialNumber] },
    handle: async (input, ctx) => {
      const added = tagsFromWire(input.Tags);
      await deps.state.mutate(() => {
        const device = requireDevice(deps, ctx.account, input.SerialNumber);
        return { writes: [{ kind: 'put', device: { ...device, tags: mergeTags(device.tags, added) } }], result: undefined };
      });
      return {};
    },
  });
}

export function untagMfaDevice(deps: MfaDeps): Operation {
  return defineOperation<UntagMFADeviceRequest, Record<string, never>>({
    name: 'UntagMFADevice',
    authorization: { kind: 'policy', action: 'iam:UntagMFADevice', resources: (input) => [input.SerialNumber] },
    handle: async (input, ctx) => {
      await deps.state.mutate(() => {
        const device = requireDevice(deps, ctx.account, input.SerialNumber);
        return { writes: [{ kind: 'put', device: { ...device, tags: removeTags(device.tags, input.TagKeys) } }], result: undefined };
      });
      return {};
    },
  });
}

export function listMfaDeviceTags(deps: MfaDeps): Operation {
  return defineOperation<ListMFADeviceTagsRequest, ListMFADeviceTagsResponse>({
    name: 'ListMFADeviceTags',
    authorization: { kind: 'policy', action: 'iam:ListMFADeviceTags', resources: (input) => [input.SerialNumber] },
    handle: async (input, ctx) => {
      const device = requireDevice(deps, ctx.account, input.SerialNumber);
      // Keys are unique case-insensitively, so the lower-cased key is a unique, stable pagination key.
      const keyOf = (tag: { readonly key: string }): string => tag.key.toLowerCase();
      const sorted = [...device.tags].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
      const page = paginate(sorted, keyOf, input.Marker, input.MaxItems);
      return { Tags: tagsToWire(page.items), ...pageInfo(page) };
    },
  });
}
