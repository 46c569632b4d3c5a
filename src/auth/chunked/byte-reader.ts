/**
 * Pull-based reading of a byte stream for the aws-chunked parser: lines (short, so they may be joined across
 * pieces) and runs of data bytes (handed out as slices of the pieces as they arrive, never gathered), so a
 * body of any size passes through in memory bounded by the largest piece the transport delivers.
 */
import { chunkedErrors } from './chunked-errors.js';

export class ByteReader {
  readonly #source: AsyncIterator<Uint8Array>;
  #buffer: Buffer = Buffer.alloc(0);
  #ended = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#source = source[Symbol.asyncIterator]();
  }

  /** Pulls one more piece; false at the end of the stream. */
  async #pull(): Promise<boolean> {
    if (this.#ended) return false;
    for (;;) {
      const next = await this.#source.next();
      if (next.done === true) {
        this.#ended = true;
        return false;
      }
      if (next.value.length === 0) continue;
      const piece = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.length);
      this.#buffer = this.#buffer.length === 0 ? piece : Buffer.concat([this.#buffer, piece]);
      return true;
    }
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    return this.#buffer.length === 0 && !(await this.#pull());
  }

  /**
   * The next CRLF-terminated line without its CRLF, or undefined at a clean end of stream. A line longer
   * than `maxLength` is malformed framing, not something to keep buffering.
   */
  async readLine(maxLength: number): Promise<string | undefined> {
    let searchFrom = 0;
    for (;;) {
      const at = this.#buffer.indexOf('\r\n', searchFrom, 'latin1');
      if (at !== -1) {
        const line = this.#buffer.subarray(0, at).toString('latin1');
        this.#buffer = this.#buffer.subarray(at + 2);
        return line;
      }
      if (this.#buffer.length > maxLength) throw chunkedErrors.invalidChunk('line too long');
      searchFrom = Math.max(0, this.#buffer.length - 1);
      if (!(await this.#pull())) {
        if (this.#buffer.length === 0) return undefined;
        throw chunkedErrors.incompleteBody();
      }
    }
  }

  /** Up to `max` (> 0) data bytes; throws IncompleteBody if the stream ends first. */
  async readData(max: number): Promise<Buffer> {
    if (this.#buffer.length === 0 && !(await this.#pull())) throw chunkedErrors.incompleteBody();
    const n = Math.min(max, this.#buffer.length);
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(n);
    return out;
  }

  /** The CRLF that closes a chunk's data. */
  async expectCrlf(): Promise<void> {
    const line = await this.readLine(2);
    if (line === undefined) throw chunkedErrors.incompleteBody();
    if (line !== '') throw chunkedErrors.invalidChunk('chunk data longer than its declared size');
  }
}
