/** Object bytes: the port, the filesystem implementation and the in-memory one. */

export { BlobMissingError, BlobTooLargeError } from './blob-store.js';
export { Crc32 } from './crc32.js';
export { Crc64Nvme } from './crc64nvme.js';
export { FsBlobStore } from './fs-blob-store.js';
export { MemoryBlobStore } from './memory-blob-store.js';
