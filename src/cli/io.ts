/** Where commands write. Tests pass their own; the real ones write to the process streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** A command's result: the process exit code. Only `bin/iamlab.js` turns it into an exit. */
export type ExitCode = number;
