/** Object bytes: the port and the filesystem implementation. */

export { BlobMissingError, BlobTooLargeError } from './blob-store.js';
export { Crc32 } from './crc32.js';
export { Crc64Nvme } from './crc64nvme.js';
export { FsBlobStore } from './fs-blob-store.js';
