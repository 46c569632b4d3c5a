/** An AWS error the lab answered to a helper's call: AWS's status, code and message, as a client would see them. */
export class LabCallError extends Error {
  readonly status: number;
  readonly code: string;
  /** The action that failed, e.g. `iam:CreateRole`. */
  readonly action: string;

  constructor(action: string, status: number, code: string, message: string) {
    super(`${action} failed: ${code}: ${message}`);
    this.name = 'LabCallError';
    this.status = status;
    this.code = code;
    this.action = action;
  }
}
