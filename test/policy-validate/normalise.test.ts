import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allConditionOperatorNames, parseConditionOperator, parseJson } from '../../src/policy/parse/index.js';
import type { PolicyDocument } from '../../src/policy/types.js';
import { checkPolicySize, isPolicyDate, parsePolicy, policySizeWithoutWhitespace } from '../../src/policy/validate/index.js';

function accepted(text: string, kind: Parameters<typeof parsePolicy>[1] = 'identity'): PolicyDocument {
  const result = parsePolicy(text, kind);
  assert.ok(result.kind === 'ok', JSON.stringify(result));
  return result.document;
}

describe('normalisation into PolicyDocument', () => {
  it('turns a Statement object and string elements into arrays, and records the object form', () => {
    const document = accepted(
      '{"Version":"2012-10-17","Id":"x","Statement":{"Sid":"S","Effect":"Deny","NotAction":"s3:*","NotResource":"arn:aws:s3:::b"}}',
    );
    assert.deepEqual(document, {
      version: '2012-10-17',
      id: 'x',
      statementWasObject: true,
      statements: [{ sid: 'S', effect: 'Deny', notAction: ['s3:*'], notResource: ['arn:aws:s3:::b'] }],
    });
  });

  it('keeps a Statement array as such and leaves absent elements out', () => {
    const document = accepted('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["a:b","c:d"],"Resource":["*"]}]}');
    assert.deepEqual(document, {
      version: '2012-10-17',
      statementWasObject: false,
      statements: [{ effect: 'Allow', action: ['a:b', 'c:d'], resource: ['*'] }],
    });
  });

  it('writes condition booleans and numbers as the strings they were written as', () => {
    const document = accepted(
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{' +
        '"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"n":[1.50,12345678901234567890,-2e3]},"StringEquals":{"s":"x","e":[]}}}}',
    );
    assert.deepEqual(document.statements[0]?.condition, {
      Bool: { 'aws:SecureTransport': ['true'] },
      NumericLessThan: { n: ['1.50', '12345678901234567890', '-2e3'] },
      StringEquals: { s: ['x'], e: [] },
    });
  });

  it('keeps "*" and {"AWS":"*"} distinguishable', () => {
    const star = accepted('{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}}', 'trust');
    const aws = accepted('{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}}', 'trust');
    assert.equal(star.statements[0]?.principal, '*');
    assert.deepEqual(aws.statements[0]?.principal, { AWS: ['*'] });
    assert.equal(star.version, undefined);
  });

  it('normalises every principal type to arrays', () => {
    const document = accepted(
      '{"Version":"2008-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["123456789012"],"Service":"s3.amazonaws.com","Federated":"cognito-identity.amazonaws.com"},"Action":"s3:*","Resource":"*"}}',
      'resource',
    );
    assert.deepEqual(document.statements[0]?.notPrincipal, {
      AWS: ['123456789012'],
      Service: ['s3.amazonaws.com'],
      Federated: ['cognito-identity.amazonaws.com'],
    });
  });

  it('skips JSON nulls inside lists and treats a null element as absent', () => {
    const document = accepted(
      '{"Version":"2012-10-17","Statement":{"Sid":null,"Effect":"Allow","Action":["s3:Get",null],"Resource":"*","Condition":null}}',
    );
    assert.deepEqual(document.statements[0], { effect: 'Allow', action: ['s3:Get'], resource: ['*'] });
  });

  it('keeps a condition key named __proto__ as plain data', () => {
    const document = accepted(
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"__proto__":"x"}}}}',
    );
    const block = document.statements[0]?.condition?.['StringEquals'];
    assert.ok(block !== undefined);
    assert.deepEqual(Object.keys(block), ['__proto__']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(block, '__proto__')?.value, ['x']);
    assert.equal(Object.getPrototypeOf(block), Object.prototype);
  });

  it('accepts repeated keys, keeps the last value and warns', () => {
    const result = parsePolicy(
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get","Action":"s3:Put","Resource":"*"}}',
      'identity',
    );
    assert.ok(result.kind === 'ok');
    assert.deepEqual(result.document.statements[0]?.action, ['s3:Put']);
    assert.deepEqual(
      result.warnings.map((w) => w.path),
      ['Statement.Action'],
    );
  });

  it('warns about condition values their operator can never match', () => {
    const result = parsePolicy(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: {
            NumericEquals: { n: ['1', 'one'] },
            Bool: { b: 'yes' },
            IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '::1', '2001:db8::/32', '300.1.1.1'] },
            BinaryEquals: { x: 'QUJD', y: 'not base64!' },
          },
        },
      }),
      'identity',
    );
    assert.ok(result.kind === 'ok');
    assert.deepEqual(
      result.warnings.map((w) => w.message),
      [
        'value `one` of `NumericEquals` key `n` is not a number, so it never matches',
        'value `yes` of `Bool` key `b` is neither `true` nor `false`, so it never matches',
        'value `300.1.1.1` of `IpAddress` key `aws:SourceIp` is not an IP address or CIDR block, so it never matches',
        'value `not base64!` of `BinaryEquals` key `y` is not base64, so it never matches',
      ],
    );
  });
});

describe('condition operators (aws-behaviour.md §7.3, §7.4)', () => {
  const names = allConditionOperatorNames();
  it('accepts every operator with IfExists and set prefixes, except NullIfExists', () => {
    assert.equal(names.length, 26 * 2 * 3 + 3); // 27 bases, Null has no IfExists form
    for (const name of names) {
      const text = JSON.stringify({
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { [name]: { k: '2020-01-01' } } },
      });
      assert.equal(parsePolicy(text, 'identity').kind === 'ok', true, name);
    }
  });
  it('parses the parts of a name', () => {
    assert.deepEqual(parseConditionOperator('ForAnyValue:StringLikeIfExists'), {
      name: 'ForAnyValue:StringLikeIfExists',
      base: 'StringLike',
      family: 'String',
      ifExists: true,
      set: 'ForAnyValue',
    });
  });
  for (const bad of [
    'NullIfExists',
    'stringequals',
    'ForAnyValue::StringEquals',
    'ForSomeValues:StringEquals',
    'StringEqualsIfExistsIfExists',
    'x',
  ]) {
    it(`rejects ${bad} as a syntax error when its block names a key`, () => {
      const text = JSON.stringify({
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { [bad]: { k: 'v' } } },
      });
      const result = parsePolicy(text, 'identity');
      assert.equal(result.kind === 'ok' ? 'ok' : result.issues[0]?.message, 'Syntax errors in policy.');
    });
  }
});

describe('Date condition values IAM can read', () => {
  const good = [
    '2017-07-01T00:00:00Z',
    '01T',
    '2016-12-13t2:00:00.593194+23',
    '2016-12-13T21:20:37.593194+00:00',
    '-292275054',
    '1700000000',
    '2024-02-29',
    '2016-W05-3',
    '2016-366',
    'T10:15',
    '2024-10-10T09:43:48.085Z',
    '2020-01-01T00:00:00,5-05:30',
    '2020',
  ];
  const bad = [
    'sdfdsf',
    '234-13',
    '2016-12-13t2:00:00.593194+1',
    '2016-12-13t2:00:00.1999999999+10:59',
    '9223372036854775808',
    '2023-02-29',
    '2015-366',
    'T',
    '',
    '2020-01-01T24:00',
    '2020-01-01T10:60',
    '2020-01-01+01:00',
    '2020-01-01TZZ',
    '12:00',
  ];
  for (const v of good) it(`accepts ${JSON.stringify(v)}`, () => assert.equal(isPolicyDate(v), true));
  for (const v of bad) it(`refuses ${JSON.stringify(v)}`, () => assert.equal(isPolicyDate(v), false));
});

describe('JSON reader', () => {
  it('agrees with JSON.parse on what is JSON', () => {
    for (const text of ['{}', '[1,2]', '"x"', ' {"a" : [true, false, null, -0.5e+3]} ', '{"a":"\\u00e9\\n"}']) {
      assert.equal(parseJson(text).kind === 'ok', true, text);
    }
    for (const text of ['', '{', '{"a":1,}', '[1,]', "{'a':1}", '01', '1.', '.5', '"\t"', '{"a":1}x', '\uFEFF{}', 'NaN', '"\\x"']) {
      assert.equal(parseJson(text).kind === 'ok', false, text);
      assert.throws(() => JSON.parse(text));
    }
  });
  it('refuses nesting deeper than the cap without overflowing the stack', () => {
    assert.equal(parseJson('['.repeat(100000)).kind === 'ok', false);
    assert.equal(parsePolicy('{"a":'.repeat(100000), 'identity').kind === 'ok', false);
  });
});

describe('checkPolicySize (aws-behaviour.md §2.2)', () => {
  it('counts characters without whitespace', () => {
    assert.equal(policySizeWithoutWhitespace('{ "a" :\n\t"b c" }'), 10);
    assert.equal(policySizeWithoutWhitespace('é😀'), 2);
  });
  it('returns LimitExceeded with the caller message only above the limit', () => {
    const text = `{"x": "${'a'.repeat(2040)}"}`; // 2048 characters without whitespace
    assert.equal(policySizeWithoutWhitespace(text), 2048);
    assert.equal(checkPolicySize(text, 2048, 'Cannot exceed quota for ACLSizePerRole: 2048'), undefined);
    assert.deepEqual(checkPolicySize(`${text}  `, 2048, 'm'), undefined);
    assert.deepEqual(checkPolicySize(`${text}a`, 2048, 'Cannot exceed quota for ACLSizePerRole: 2048'), {
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for ACLSizePerRole: 2048',
    });
  });
});
