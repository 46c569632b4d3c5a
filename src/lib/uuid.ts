/** A version-4 UUID (`5af5e7ac-5754-49ea-b28f-2c2a2eb95fbb`) from 16 random bytes handed in (conventions.md habit 1). */
export function uuidV4(random: Buffer): string {
  if (random.length < 16) throw new Error('a UUID needs 16 random bytes');
  const bytes = Buffer.from(random.subarray(0, 16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
