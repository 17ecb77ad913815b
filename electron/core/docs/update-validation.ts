import * as Y from 'yjs';
import { MusterError } from '../errors';

/**
 * Refuses bytes that are not one whole Yjs (v1) update before anything is stored: an update that
 * cannot be decoded would make the room unloadable for every later open.
 *
 * Decoding reads every struct and the delete set; the capturing decoder lets us also refuse bytes
 * left over after a valid update (Yjs ignores them, but they mean the sender is broken or hostile).
 * Applying to an empty scratch document then exercises the integration code without touching the
 * room. Untrusted input from the network is additionally bounded by the hub (DESIGN.md section 4).
 */
export function assertWellFormedUpdate(update: Uint8Array): void {
  if (!(update instanceof Uint8Array) || update.byteLength === 0) {
    throw invalid('expected a non-empty byte array');
  }
  const decoders: Y.UpdateDecoderV1[] = [];
  class CapturingDecoder extends Y.UpdateDecoderV1 {
    constructor(...args: ConstructorParameters<typeof Y.UpdateDecoderV1>) {
      super(...args);
      decoders.push(this);
    }
  }
  try {
    Y.decodeUpdateV2(update, CapturingDecoder);
  } catch (error) {
    throw invalid(`it does not decode (${describe(error)})`);
  }
  const consumed = decoders[0]?.restDecoder.pos ?? 0;
  if (consumed !== update.byteLength) {
    throw invalid(`${update.byteLength - consumed} bytes are left over after the update`);
  }
  const scratch = new Y.Doc();
  try {
    Y.applyUpdate(scratch, update);
  } catch (error) {
    throw invalid(`it cannot be applied (${describe(error)})`);
  } finally {
    scratch.destroy();
  }
}

const invalid = (reason: string) => new MusterError('invalid_params', `malformed Yjs update: ${reason}`);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
