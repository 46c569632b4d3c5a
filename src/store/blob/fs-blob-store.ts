/**
 * Blobs as files under one directory. A key never becomes a path: its SHA-256 names the file, so no key
 * can reach outside the directory. Writes go to a temporary file that is fsynced and then renamed over the
 * final name, so a reader sees the old blob or the new one, never half of one.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobDigests, BlobLimits, BlobStore, ByteRange } from './blob-store.js';
import { BlobMissingError, BlobTooLargeError } from './blob-store.js';
import { Crc32 } from './crc32.js';

let tempCounter = 0;

export class FsBlobStore implements BlobStore {
  readonly #dir: string;
  #ready: Promise<void> | undefined;

  constructor(dir: string) {
    this.#dir = dir;
  }

  #pathOf(key: string): string {
    return join(this.#dir, 'data', createHash('sha256').update(key, 'utf8').digest('hex'));
  }

  #prepare(): Promise<void> {
    this.#ready ??= Promise.all([mkdir(join(this.#dir, 'data'), { recursive: true }), mkdir(join(this.#dir, 'tmp'), { recursive: true })]).then(() => undefined);
    return this.#ready;
  }

  async write(key: string, body: AsyncIterable<Uint8Array>, limits: BlobLimits): Promise<BlobDigests> {
    await this.#prepare();
    const temp = join(this.#dir, 'tmp', `${process.pid}-${++tempCounter}-${Date.now().toString(36)}`);
    const file = await open(temp, 'wx');
    const wanted = new Set(limits.checksums ?? []);
    const md5 = createHash('md5');
    const sha256 = wanted.has('sha256') ? createHash('sha256') : undefined;
    const sha1 = wanted.has('sha1') ? createHash('sha1') : undefined;
    const crc32 = wanted.has('crc32') ? new Crc32('crc32') : undefined;
    const crc32c = wanted.has('crc32c') ? new Crc32('crc32c') : undefined;
    let size = 0;
    let committed = false;
    try {
      for await (const chunk of body) {
        size += chunk.length;
        if (size > limits.maxBytes) throw new BlobTooLargeError(limits.maxBytes);
        md5.update(chunk);
        sha256?.update(chunk);
        sha1?.update(chunk);
        crc32?.update(chunk);
        crc32c?.update(chunk);
        let offset = 0;
        while (offset < chunk.length) offset += (await file.write(chunk, offset, chunk.length - offset)).bytesWritten;
      }
      await file.sync();
      await file.close();
      await rename(temp, this.#pathOf(key));
      committed = true;
    } finally {
      if (!committed) {
        await file.close().catch(() => undefined);
        await rm(temp, { force: true });
      }
    }
    return {
      size,
      md5Hex: md5.digest('hex'),
      ...(sha256 === undefined ? {} : { sha256Base64: sha256.digest('base64') }),
      ...(sha1 === undefined ? {} : { sha1Base64: sha1.digest('base64') }),
      ...(crc32 === undefined ? {} : { crc32Base64: crc32.digest().toString('base64') }),
      ...(crc32c === undefined ? {} : { crc32cBase64: crc32c.digest().toString('base64') }),
    };
  }

  async *read(key: string, range?: ByteRange): AsyncIterable<Uint8Array> {
    const stream = createReadStream(this.#pathOf(key), range === undefined ? {} : { start: range.start, end: range.end });
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobMissingError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<boolean> {
    const existed = await this.exists(key);
    await rm(this.#pathOf(key), { force: true });
    return existed;
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.#pathOf(key))).isFile();
    } catch {
      return false;
    }
  }
}
