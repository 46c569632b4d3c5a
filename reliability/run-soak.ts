/**
 * `npm run soak`: SOAK_CONNECTIONS (default 64) × SOAK_SECONDS (default 600) of mixed valid traffic against a
 * fresh lab process, with IAMLAB_MAX_AUDIT_BYTES (default here 64 MiB) and IAMLAB_MAX_SESSION_RECORDS (default
 * here 20,000, about 20 MB) from the environment; prints the
 * samples and a summary, and exits non-zero on a 5xx, a lost connection, or the lab exiting.
 */
import { soak } from './soak.js';

const connections = Number(process.env['SOAK_CONNECTIONS'] ?? 64);
const seconds = Number(process.env['SOAK_SECONDS'] ?? 600);
const maxAuditBytes = process.env['IAMLAB_MAX_AUDIT_BYTES'] ?? String(64 * 1024 * 1024);
const maxSessionRecords = process.env['IAMLAB_MAX_SESSION_RECORDS'] ?? '20000';
console.log(
  `soak: ${connections} connections for ${seconds} s, IAMLAB_MAX_AUDIT_BYTES=${maxAuditBytes}, IAMLAB_MAX_SESSION_RECORDS=${maxSessionRecords}`,
);
const summary = await soak({
  connections,
  seconds,
  env: { IAMLAB_MAX_AUDIT_BYTES: maxAuditBytes, IAMLAB_MAX_SESSION_RECORDS: maxSessionRecords },
  log: (line) => console.log(line),
});
const rss = summary.samples.map((s) => s.rssMb);
const fds = summary.samples.map((s) => s.fds);
const data = summary.samples.map((s) => s.dataDirBytes / 1e6);
const withoutWal = summary.samples.map((s) => (s.dataDirBytes - s.walBytes) / 1e6);
const range = (values: number[], digits = 1): string =>
  `first ${values[0]?.toFixed(digits)}, last ${values.at(-1)?.toFixed(digits)}, max ${Math.max(...values).toFixed(digits)}`;
console.log(`\n${summary.requests} requests in ${summary.seconds.toFixed(0)} s (${(summary.requests / summary.seconds).toFixed(0)}/s)`);
console.log(`  by status: ${JSON.stringify(summary.byStatus)}`);
console.log(`  RSS MB: ${range(rss)}; slope over the second half ${summary.rssSlopeMbPerMinute.toFixed(2)} MB/min`);
console.log(`  open fds: ${range(fds, 0)}`);
console.log(
  `  data directory MB: ${range(data)}; without SQLite's write-ahead log: ${range(withoutWal)} (audit bound ${(Number(maxAuditBytes) / 1e6).toFixed(1)} MB, session records ${maxSessionRecords})`,
);
console.log(`  findings: ${summary.findings.length}`);
for (const finding of summary.findings) console.log(`    ${finding}`);
process.exitCode = summary.findings.length === 0 ? 0 : 1;
