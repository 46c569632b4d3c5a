/**
 * `npm run fuzz`: the fuzzer of fuzz.ts against a fresh lab process. FUZZ_SEED (default: the time),
 * FUZZ_REQUESTS (default 200,000) and FUZZ_SECONDS (default 1,200) bound the run; FUZZ_FAMILIES (a comma
 * list such as `federation,agents`) keeps it to some surfaces. Then it measures what refusing the largest hostile
 * SAML assertion and web identity token costs (refusal-cost.ts). It prints a summary and exits non-zero on any
 * finding, with the seed that reproduces it.
 */
import { fuzz } from './fuzz.js';
import type { Family } from './fuzz-wire.js';
import { refusalCosts } from './refusal-cost.js';

/** CPU a maximum-size hostile assertion or token may cost to refuse: a few ms, with room for a loaded machine. */
const REFUSAL_BOUND_MS = 60;

const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const requests = Number(process.env['FUZZ_REQUESTS'] ?? 200_000);
const seconds = Number(process.env['FUZZ_SECONDS'] ?? 1_200);
const families = process.env['FUZZ_FAMILIES']?.split(',').map((family) => family.trim() as Family);
console.log(`fuzzing with seed ${seed}: up to ${requests} requests or ${seconds} s${families === undefined ? '' : ` on ${families.join(', ')}`}`);
const summary = await fuzz({ seed, requests, seconds, ...(families === undefined ? {} : { families }), log: (line) => console.log(line) });
console.log(`\n${summary.sent} requests in ${summary.seconds.toFixed(1)} s (${(summary.sent / summary.seconds).toFixed(0)}/s), seed ${summary.seed}`);
console.log(`  by surface: ${JSON.stringify(summary.byFamily)}`);
console.log(`  by status:  ${JSON.stringify(summary.byStatus)}`);
console.log(`  lab: ${summary.labExited ?? 'alive'}; error lines it logged: ${summary.labErrors}`);
const costs = refusalCosts();
const worst = costs.reduce((a, b) => (b.cpuMs > a.cpuMs ? b : a));
console.log(`  refusing hostile federation input: at most ${worst.cpuMs.toFixed(1)} ms of CPU (${worst.name}, ${worst.chars} characters)`);
const findings = [
  ...summary.findings,
  ...costs
    .filter((cost) => cost.cpuMs > REFUSAL_BOUND_MS)
    .map((cost) => `${cost.name} (${cost.chars} characters) costs ${cost.cpuMs.toFixed(1)} ms of CPU`),
];
console.log(`  findings: ${findings.length}`);
for (const finding of findings.slice(0, 50)) console.log(`    ${finding}`);
if (summary.findings.length > 0 && summary.labLog !== '') console.log(`  the lab's log begins:\n${summary.labLog}`);
process.exitCode = findings.length === 0 ? 0 : 1;
