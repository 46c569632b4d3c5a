/**
 * The store could not be reached or could not write: PostgreSQL restarting or gone, a full disk, a read-only
 * data directory. Not a bug in the lab and not the client's fault: the gateway answers the service's 503
 * (`ServiceUnavailable`), nothing of the request is applied, and the same request succeeds once the
 * store is back. Both back ends and the blob store turn their transient failures into this one class.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError;
}

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** File-system failures that say "the disk or directory cannot take this now", not "the lab has a bug". */
const FS_UNAVAILABLE = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EMFILE', 'ENFILE']);

export function isFsUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && FS_UNAVAILABLE.has(code);
}

/** SQLite's result codes for a disk that is full, read-only, failing or locked by another process. */
export function isSqliteUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  if (code === undefined) return false;
  return /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED|PERM)/.test(code) || FS_UNAVAILABLE.has(code);
}

/** Network errors of a socket to the database. */
const NET_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

/**
 * PostgreSQL failures of the connection or of the server as a whole: SQLSTATE class 08 (connection
 * exception), 57P01–57P03 (shut down by an administrator, crashed, cannot connect now), 53xxx (out of
 * resources: disk full, too many connections), 58030 (I/O error), 25006 (a read-only standby); pg's own
 * errors for a connection that ended or a connect that timed out; and the socket's errors.
 */
export function isPostgresUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined) {
    if (NET_UNAVAILABLE.has(code)) return true;
    if (/^(08|53)[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '58030' || code === '25006')
      return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable|Connection refused/i.test(
    message,
  );
}
