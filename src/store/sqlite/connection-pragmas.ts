/**
 * The per-connection settings of a file database, for every connection the store opens (the main one and
 * the event writer's). `journal_mode = WAL` is a property of the file, set once by the main connection
 * (see open-sqlite-store.ts for why WAL, NORMAL and the checkpoint interval).
 */
/** WAL pages between automatic checkpoints. */
const WAL_CHECKPOINT_PAGES = 10_000;

export const CONNECTION_PRAGMAS: readonly string[] = [
  'synchronous = NORMAL',
  `wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`,
  // Another connection (the event writer, or a second `iamlab` on the same data directory) may hold the
  // write lock briefly.
  'busy_timeout = 5000',
  // After a checkpoint the WAL file is cut back to 64 MB: a burst (moving many event batches into rows) would
  // otherwise leave it at its largest size for good, outside what the audit trail's byte bound counts.
  'journal_size_limit = 67108864',
];
