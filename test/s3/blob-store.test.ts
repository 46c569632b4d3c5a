import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BlobMissingError, BlobTooLargeError, Crc32, FsBlobStore, MemoryBlobStore } from '../../src/store/blob/index.js';
import { collect, generated } from './harness.js';

async function* of(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const p of parts) yield Buffer.from(p);
}

describe('FsBlobStore', () => {
  let dir: string;
  let blobs: FsBlobStore;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'iamlab-blob-'));
    blobs = new FsBlobStore(dir);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('CRC-32 and CRC-32C give the standard check values for "123456789"', () => {
    assert.equal(new Crc32('crc32').update(Buffer.from('123456789')).digest().toString('hex'), 'cbf43926');
    assert.equal(new Crc32('crc32').update(Buffer.from('1234')).update(Buffer.from('56789')).digest().toString('hex'), 'cbf43926');
    assert.equal(new Crc32('crc32c').update(Buffer.from('1234')).update(Buffer.from('56789')).digest().toString('hex'), 'e3069283');
  });

  it('write computes the digests asked for while streaming and read returns the bytes', async () => {
    const d = await blobs.write('a/b', of('hello ', 'world'), { maxBytes: 100, checksums: ['crc32', 'crc32c', 'sha1', 'sha256'] });
    const bytes = Buffer.from('hello world');
    assert.equal(d.size, 11);
    assert.equal(d.md5Hex, createHash('md5').update(bytes).digest('hex'));
    assert.equal(d.sha256Base64, createHash('sha256').update(bytes).digest('base64'));
    assert.equal(d.sha1Base64, createHash('sha1').update(bytes).digest('base64'));
    assert.equal(d.crc32Base64, Buffer.from('0d4a1185', 'hex').toString('base64'));
    assert.equal(d.crc32cBase64, Buffer.from('c99465aa', 'hex').toString('base64'));
    const plain = await blobs.write('a/c', of('hello world'), { maxBytes: 100 });
    assert.deepEqual(Object.keys(plain).sort(), ['md5Hex', 'size']);
    assert.equal((await collect(blobs.read('a/b'))).toString(), 'hello world');
    assert.equal((await collect(blobs.read('a/b', { start: 6, end: 10 }))).toString(), 'world');
  });

  it('a body over maxBytes is refused and leaves no file behind', async () => {
    await assert.rejects(blobs.write('big', generated(1000), { maxBytes: 999 }), BlobTooLargeError);
    assert.equal(await blobs.exists('big'), false);
    assert.deepEqual(await readdir(join(dir, 'tmp')), []);
  });

  it('keys never become paths: a traversal key stays inside the directory', async () => {
    await blobs.write('../../../etc/evil', of('x'), { maxBytes: 10 });
    const files = await readdir(join(dir, 'data'));
    assert.ok(files.every((f) => /^[0-9a-f]{64}$/.test(f)));
    assert.equal((await collect(blobs.read('../../../etc/evil'))).toString(), 'x');
  });

  it('delete and exists; reading a missing blob throws BlobMissingError', async () => {
    await blobs.write('gone', of('x'), { maxBytes: 10 });
    assert.equal(await blobs.exists('gone'), true);
    assert.equal(await blobs.delete('gone'), true);
    assert.equal(await blobs.delete('gone'), false);
    assert.equal(await blobs.exists('gone'), false);
    await assert.rejects(collect(blobs.read('gone')), BlobMissingError);
  });

  it('a blob deleted while it is being read is not cached: it stays deleted, and its bytes leave memory', async () => {
    // A GetObject streams after its lookup; a DeleteObject (or a replacing PutObject) may remove the blob
    // meanwhile. The read may still see the file, but must not put the deleted blob back in the cache.
    const cold = new FsBlobStore(dir);
    for (let i = 0; i < 100; i++) {
      const key = `race/${i}`;
      await blobs.write(key, of(`bytes of ${i}`), { maxBytes: 100 });
      // Another store instance on the same directory: its cache is cold, so its read opens the file.
      await Promise.all([cold.delete(key), collect(cold.read(key)).catch((error: unknown) => error)]);
      assert.equal(await cold.exists(key), false, key);
      await assert.rejects(collect(cold.read(key)), BlobMissingError, key);
    }
  });

  it('rewriting a key replaces the blob', async () => {
    await blobs.write('k', of('one'), { maxBytes: 10 });
    await blobs.write('k', of('two!'), { maxBytes: 10 });
    assert.equal((await collect(blobs.read('k'))).toString(), 'two!');
  });
});

describe('MemoryBlobStore', () => {
  it('computes the same digests as the file store and returns the bytes and ranges', async () => {
    const memory = new MemoryBlobStore();
    const dir = await mkdtemp(join(tmpdir(), 'iamlab-blob-'));
    try {
      const checksums = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
      const fromMemory = await memory.write('k', of('hello ', 'world'), { maxBytes: 100, checksums });
      const fromFiles = await new FsBlobStore(dir).write('k', of('hello world'), { maxBytes: 100, checksums });
      assert.deepEqual(fromMemory, fromFiles);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    assert.equal((await collect(memory.read('k'))).toString(), 'hello world');
    assert.equal((await collect(memory.read('k', { start: 6, end: 10 }))).toString(), 'world');
  });

  it('keeps its bytes apart from a producer that reuses its buffer', async () => {
    const memory = new MemoryBlobStore();
    const shared = Buffer.from('aaaa');
    async function* reused(): AsyncIterable<Uint8Array> {
      yield shared;
      shared.fill('b');
      yield shared;
    }
    await memory.write('k', reused(), { maxBytes: 100 });
    assert.equal((await collect(memory.read('k'))).toString(), 'aaaabbbb');
  });

  it('a body over maxBytes is refused and the old blob stays', async () => {
    const memory = new MemoryBlobStore();
    await memory.write('k', of('old'), { maxBytes: 10 });
    await assert.rejects(memory.write('k', generated(1000), { maxBytes: 999 }), BlobTooLargeError);
    assert.equal((await collect(memory.read('k'))).toString(), 'old');
  });

  it('delete, exists, clear; reading a missing blob throws BlobMissingError', async () => {
    const memory = new MemoryBlobStore();
    await memory.write('a', of('x'), { maxBytes: 10 });
    await memory.write('b', of('y'), { maxBytes: 10 });
    assert.equal(await memory.delete('a'), true);
    assert.equal(await memory.delete('a'), false);
    assert.equal(await memory.exists('a'), false);
    await assert.rejects(collect(memory.read('a')), BlobMissingError);
    await memory.clear();
    assert.equal(await memory.exists('b'), false);
    assert.equal(await memory.removeOrphans([], Date.now()), 0);
  });
});
