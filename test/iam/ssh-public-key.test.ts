/**
 * The SSH key reading of UploadSSHPublicKey (src/services/iam/ssh-public-key.ts) against OpenSSH itself: a key
 * made by `ssh-keygen` has the MD5 fingerprint `ssh-keygen -l -E md5` prints, and its PEM form is the one
 * `ssh-keygen -e -m PKCS8` writes; the PEM form read back is the `ssh-rsa` line.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { encodeSshPublicKey, parseSshPublicKey, sshFingerprint } from '../../src/services/iam/ssh-public-key.js';

function hasSshKeygen(): boolean {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // `-?` is a usage error (status 1) when ssh-keygen exists.
    return (error as { status?: number }).status === 1;
  }
}

const SKIP_NO_SSH_KEYGEN = 'SKIPPED: no ssh-keygen on the PATH (install openssh-client)';

describe('SSH public keys against ssh-keygen', () => {
  it('fingerprint and both encodings agree with OpenSSH', (t) => {
    if (!hasSshKeygen()) return t.skip(SKIP_NO_SSH_KEYGEN);
    const dir = mkdtempSync(join(tmpdir(), 'iamlab-ssh-'));
    try {
      const file = join(dir, 'id_rsa');
      execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-C', 'dev@example', '-f', file], { stdio: 'ignore' });
      const line = readFileSync(`${file}.pub`, 'utf8').trim();
      const printed = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', `${file}.pub`], { encoding: 'utf8' });
      const md5 = /MD5:([0-9a-f:]{47})/.exec(printed)?.[1];

      const parsed = parseSshPublicKey(line);
      assert.equal(parsed.encoding, 'SSH');
      assert.equal(sshFingerprint(parsed.blob), md5);
      const pkcs8 = execFileSync('ssh-keygen', ['-e', '-m', 'PKCS8', '-f', `${file}.pub`], { encoding: 'utf8' });
      assert.equal(encodeSshPublicKey(parsed, 'PEM').trim(), pkcs8.trim());

      const fromPem = parseSshPublicKey(pkcs8.trim());
      assert.equal(fromPem.encoding, 'PEM');
      assert.equal(encodeSshPublicKey(fromPem, 'SSH'), line.split(' ').slice(0, 2).join(' '));
      assert.equal(sshFingerprint(fromPem.blob), md5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
