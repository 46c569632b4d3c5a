/**
 * `npm run fuzz`: the fuzzer of fuzz.ts against a fresh lab process. FUZZ_SEED (default: the time),
 * FUZZ_REQUESTS (default 200,000) and FUZZ_SECONDS (default 1,200) bound the run; it prints a summary and
 * exits non-zero on any finding, with the seed that reproduces it.
 */
import { fuzz } from './fuzz.js';

const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const requests = Number(process.env['FUZZ_REQUESTS'] ?? 200_000);
const seconds = Number(process.env['FUZZ_SECONDS'] ?? 1_200);
console.log(`fuzzing with seed ${seed}: up to ${requests} requests or ${seconds} s`);
const summary = await fuzz({ seed, requests, seconds, log: (line) => console.log(line) });
console.log(`\n${summary.sent} requests in ${summary.seconds.toFixed(1)} s (${(summary.sent / summary.seconds).toFixed(0)}/s), seed ${summary.seed}`);
console.log(`  by surface: ${JSON.stringify(summary.byFamily)}`);
console.log(`  by status:  ${JSON.stringify(summary.byStatus)}`);
console.log(`  lab: ${summary.labExited ?? 'alive'}; error lines it logged: ${summary.labErrors}`);
console.log(`  findings: ${summary.findings.length}`);
for (const finding of summary.findings.slice(0, 50)) console.log(`    ${finding}`);
if (summary.findings.length > 0 && summary.labLog !== '') console.log(`  the lab's log begins:\n${summary.labLog}`);
process.exitCode = summary.findings.length === 0 ? 0 : 1;
