/**
 * Reads the INI dialect of the AWS shared credentials file (~/.aws/credentials): `[section]` headers,
 * `name = value` lines, whole-line comments starting `#` or `;`. An indented line continues the setting above
 * (botocore's nested values such as `s3 =` / `  max_concurrency = 10`) and is skipped: no credential is nested.
 * A section that appears twice is merged, later settings winning. Lines before the first section belong to
 * no profile and are dropped.
 */
type IniSections = ReadonlyMap<string, ReadonlyMap<string, string>>;

const SECTION = /^\[\s*([^\]]*?)\s*\]\s*$/;

export function parseIni(text: string): IniSections {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    if (/^\s/.test(line)) continue;
    const header = SECTION.exec(trimmed);
    if (header !== null) {
      const name = header[1] ?? '';
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      continue;
    }
    const eq = trimmed.indexOf('=');
    if (current === undefined || eq === -1) continue;
    current.set(trimmed.slice(0, eq).trim(), trimmed.slice(eq + 1).trim());
  }
  return sections;
}
