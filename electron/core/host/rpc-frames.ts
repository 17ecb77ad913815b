import { requestFrameSchema, type ResponseFrame } from '../../../shared/rpc';
import { describeIssues } from '../../../shared/validation';
import type { Core } from '../core';
import { MusterError, toErrorBody } from '../errors';

/**
 * Turns one raw client frame into exactly one response frame. Never throws: malformed frames get a
 * `bad_frame` error and reach no handler; handler failures that are not MusterErrors are logged here
 * and reported to the client without internals.
 */
export async function answerFrame(
  core: Core,
  raw: string,
  logInternal: (error: unknown) => void,
): Promise<ResponseFrame> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { id: null, ok: false, error: { code: 'bad_frame', message: 'frame is not valid JSON' } };
  }
  const frame = requestFrameSchema.safeParse(json);
  if (!frame.success) {
    return {
      id: null,
      ok: false,
      error: { code: 'bad_frame', message: `malformed request frame: ${describeIssues(frame.error)}` },
    };
  }
  const { id, method, params } = frame.data;
  try {
    return { id, ok: true, result: await core.call(method, params) };
  } catch (error) {
    if (!(error instanceof MusterError)) logInternal(error);
    return { id, ok: false, error: toErrorBody(error) };
  }
}
