/**
 * sts:DecodeAuthorizationMessage: the JSON behind an encoded authorization message this lab produced
 * (`services/authorizer/authorization-message.ts`). Needs `sts:DecodeAuthorizationMessage`; a message this
 * lab did not encode (or encoded before a reset) is 400 `InvalidAuthorizationMessageException`.
 */
import type { DecodeAuthorizationMessageRequest, DecodeAuthorizationMessageResponse } from '../../protocol/models/sts.js';
import { decodeAuthorizationMessage } from '../authorizer/authorization-message.js';
import type { Operation } from '../operation.js';
import { defineOperation } from '../operation.js';
import type { StsDeps } from './sts-deps.js';
import { stsErrors } from './sts-errors.js';

export function decodeAuthorizationMessageOperation(deps: StsDeps): Operation {
  return defineOperation<DecodeAuthorizationMessageRequest, DecodeAuthorizationMessageResponse>({
    name: 'DecodeAuthorizationMessage',
    authorization: { kind: 'policy', action: 'sts:DecodeAuthorizationMessage', resources: () => ['*'] },
    handle: async (input) => {
      const decoded = decodeAuthorizationMessage(deps.key(), input.EncodedMessage);
      if (decoded === undefined) throw stsErrors.invalidAuthorizationMessage();
      return { DecodedMessage: JSON.stringify(decoded) };
    },
  });
}
