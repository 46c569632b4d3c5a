/**
 * `npm run generate`: the botocore models vendored in vendor/aws-models → src/protocol/models/{sts,iam,ec2,s3,cloudtrail}.ts.
 * Deterministic: running it twice changes nothing. Usage: generate-models.ts [outDir]. The generator lives
 * outside src/ so that it does not ship; its output is committed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BotocoreModel } from './build-service-model.js';
import { generateJsonModelFiles, generateModelFiles, generateRestModelFiles } from './generate-model-files.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = join(repoRoot, 'vendor', 'aws-models');
const outDir = resolve(process.argv[2] ?? join(repoRoot, 'src', 'protocol', 'models'));

const readModel = (service: string): BotocoreModel => JSON.parse(readFileSync(join(modelsDir, `${service}.json`), 'utf8')) as BotocoreModel;
const files = { ...generateModelFiles(readModel), ...generateRestModelFiles(readModel), ...generateJsonModelFiles(readModel) };
mkdirSync(outDir, { recursive: true });
for (const [name, text] of Object.entries(files)) {
  writeFileSync(join(outDir, name), text);
  console.log(`wrote ${join(outDir, name)} (${text.length} bytes)`);
}
