import type { ErrorBody, ErrorCode } from '../../shared/contract';

/** An error whose message is fit to show the user as is. Anything else is reported as `internal`. */
export class MusterError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MusterError';
  }
}

export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof MusterError) return { code: error.code, message: error.message };
  return { code: 'internal', message: 'internal error; see the host log for details' };
}
