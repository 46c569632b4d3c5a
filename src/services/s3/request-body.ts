/** The gateway hands PutObject/UploadPart bodies over as bytes or a stream; the codec's marker means none arrived. */
import { InternalError } from '../../errors/aws-error.js';
import type { StreamingBody } from '../../protocol/models/s3.js';

export function bodyStream(body: StreamingBody | undefined): AsyncIterable<Uint8Array> {
  if (body === undefined) return (async function* () {})();
  if (body instanceof Uint8Array) {
    return (async function* () {
      yield body;
    })();
  }
  if ('kind' in body) throw new InternalError('the gateway did not replace the streaming-body marker with the request body');
  return body;
}
