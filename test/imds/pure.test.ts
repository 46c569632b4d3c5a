/** The pure parts of IMDS: TTL parsing, sealed tokens, IMDS-style JSON, the error pages, the config. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imdsConfigFromEnv } from '../../src/imds/imds-config.js';
import { imdsJson, imdsTime } from '../../src/imds/imds-json.js';
import { errorPage } from '../../src/imds/imds-pages.js';
import { checkToken, mintToken, parseTokenTtl } from '../../src/imds/imds-token.js';
import { golden } from './imds-client.js';

describe('token TTL', () => {
  it('accepts whole seconds from 1 to 21600 only', () => {
    assert.equal(parseTokenTtl('1'), 1);
    assert.equal(parseTokenTtl('21600'), 21_600);
    for (const bad of [undefined, '', '0', '21601', '1e3', '-1', '60s', ' ', '999999999']) assert.equal(parseTokenTtl(bad), undefined, String(bad));
  });
});

describe('sealed tokens', () => {
  const key = Buffer.alloc(32, 7);
  it('are valid on their instance until they expire', () => {
    const token = mintToken(key, 'i-1', 1_000);
    assert.equal(checkToken(key, token, 'i-1', 999), 'valid');
    assert.equal(checkToken(key, token, 'i-1', 1_000), 'expired');
    assert.equal(checkToken(key, token, 'i-2', 999), 'invalid');
    assert.equal(checkToken(Buffer.alloc(32, 8), token, 'i-1', 999), 'invalid');
  });
  it('refuse tampering and garbage', () => {
    const token = mintToken(key, 'i-1', 1_000);
    const bytes = Buffer.from(token, 'base64');
    bytes.writeBigUInt64BE(BigInt(10_000_000), 1);
    assert.equal(checkToken(key, bytes.toString('base64'), 'i-1', 2_000), 'invalid');
    for (const junk of ['', 'x', `${token}A`, token.slice(1)]) assert.equal(checkToken(key, junk, 'i-1', 0), 'invalid');
  });
});

describe('IMDS JSON', () => {
  it('writes two-space indent and " : " separators, null unquoted', () => {
    assert.equal(
      imdsJson([
        ['Code', 'Success'],
        ['kernelId', null],
      ]),
      '{\n  "Code" : "Success",\n  "kernelId" : null\n}',
    );
    assert.equal(imdsTime(Date.parse('2024-05-01T16:25:16.789Z')), '2024-05-01T16:25:16Z');
  });
});

describe('error pages', () => {
  it('the 404 page is the golden one; 401 and 400 carry the same titles as the golden ones', () => {
    assert.equal(errorPage(404), golden('404_response.golden'));
    assert.match(golden('401_response.golden'), /<title>401 - Unauthorized<\/title>/);
    assert.match(errorPage(401), /<title>401 - Unauthorized<\/title>[\s\S]*<h1>401 - Unauthorized<\/h1>/);
    assert.match(golden('400_response.golden'), /<title>400 - Bad Request<\/title>/);
    assert.match(errorPage(400), /<title>400 - Bad Request<\/title>/);
  });
});

describe('configuration', () => {
  it('reads durations and the Disassociate behaviour from the environment, refusing nonsense', () => {
    const ok = imdsConfigFromEnv({ IAMLAB_IMDS_CREDENTIAL_LIFETIME: '12h', IAMLAB_IMDS_DISASSOCIATE: 'keep-credentials' });
    assert.ok(ok.kind === 'ok');
    assert.equal(ok.kind === 'ok' && ok.config.credentialLifetimeMs, 12 * 3_600_000);
    assert.equal(ok.kind === 'ok' && ok.config.disassociate, 'keep-credentials');
    assert.equal(imdsConfigFromEnv({ IAMLAB_IMDS_DISASSOCIATE: 'maybe' }).kind === 'ok', false);
    assert.equal(imdsConfigFromEnv({ IAMLAB_IMDS_CREDENTIAL_LIFETIME: 'soon' }).kind === 'ok', false);
    assert.equal(imdsConfigFromEnv({ IAMLAB_IMDS_CREDENTIAL_LIFETIME: '30m' }).kind === 'ok', false);
  });
});
