/**
 * The federation the fuzzer attacks, set up in its lab: an IAM OIDC provider for an issuer the lab plays and
 * for GitHub's, SAML providers registered with the lab IdP's metadata, roles trusting each, an ECS task and an
 * EKS pod with their agents' tokens, outbound federation on. It keeps pools of genuine tokens and assertions
 * (refreshed on the lab's virtual clock, which the fuzz moves) for the generators to tamper with, asks the lab
 * to sign odd claims and odd assertions, and at the end checks that each path still works.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Expectation } from './fuzz-wire.js';
import { FORM_TYPE, form, sign } from './fuzz-wire.js';
import { checkExpectation } from './fuzz-expect.js';
import type { LabProcess } from './lab-process.js';
import type { JwtSeeds } from './hostile-jwt.js';
import type { SamlSeeds } from './hostile-saml.js';

export const OIDC_ISSUER = 'https://fuzz.example.com/issuer';
export const OIDC_CLIENT = 'fuzz-client';
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const SPARE_OIDC_URL = 'https://spare.example.com';
export const SAML_PROVIDER = 'fuzz-idp';
export const SPARE_SAML_PROVIDER = 'fuzz-spare-idp';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

interface ContainerSeed {
  /** Its id in the admin API (`taskId`, `associationId`). */
  readonly id: string;
  /** The ECS agent's credentials id (tasks only). */
  readonly credentialsId: string;
  readonly token: string;
  readonly relativeUri: string;
}

const trust = (principal: Record<string, string>, actions: readonly string[], condition?: Record<string, unknown>): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: actions, ...(condition === undefined ? {} : { Condition: condition }) }],
  });

export class FederationLab {
  readonly jwt: { tokens: string[]; publicJwks: string[] } = { tokens: [], publicJwks: [] };
  readonly saml: { responses: string[]; metadata: string } = { responses: [], metadata: '' };
  account = '';
  /** The lab's virtual now, in seconds, as last read. */
  nowSeconds = 0;
  task: ContainerSeed | undefined;
  pod: ContainerSeed | undefined;
  /** An unencrypted PEM private key for AddPrivateKey. */
  readonly privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  #refreshedAt = Number.NEGATIVE_INFINITY;
  #refreshing: Promise<void> | undefined;

  private constructor(
    readonly lab: LabProcess,
    /** Where an answer to one of the lab's own requests (a side request) breaks its surface's rules. */
    private readonly report: (problem: string) => void,
  ) {}

  get webRoleArn(): string {
    return `arn:aws:iam::${this.account}:role/fuzz-web-role`;
  }
  get samlRoleArn(): string {
    return `arn:aws:iam::${this.account}:role/fuzz-saml-role`;
  }
  get samlProviderArn(): string {
    return `arn:aws:iam::${this.account}:saml-provider/${SAML_PROVIDER}`;
  }
  samlProviderArnOf(name: string): string {
    return `arn:aws:iam::${this.account}:saml-provider/${name}`;
  }
  oidcProviderArnOf(url: string): string {
    return `arn:aws:iam::${this.account}:oidc-provider/${url.replace(/^https:\/\//, '')}`;
  }
  get jwtSeeds(): JwtSeeds {
    return this.jwt;
  }
  get samlSeeds(): SamlSeeds {
    return this.saml;
  }

  static async prepare(lab: LabProcess, report: (problem: string) => void): Promise<FederationLab> {
    const fed = new FederationLab(lab, report);
    const identity = await fed.query('sts', [
      ['Action', 'GetCallerIdentity'],
      ['Version', '2011-06-15'],
    ]);
    fed.account = /<Account>(\d{12})<\/Account>/.exec(identity.text)?.[1] ?? '';
    if (fed.account === '') throw new Error(`no account from GetCallerIdentity: ${identity.text}`);
    await fed.mint({ issuer: OIDC_ISSUER, sub: 'fuzz-sub', aud: OIDC_CLIENT });
    for (const [url, client] of [
      [OIDC_ISSUER, OIDC_CLIENT],
      [GITHUB_ISSUER, 'sts.amazonaws.com'],
      [SPARE_OIDC_URL, 'spare'],
    ] as const) {
      await fed.iam('CreateOpenIDConnectProvider', [
        ['Url', url],
        ['ClientIDList.member.1', client],
        ['ThumbprintList.member.1', 'a'.repeat(40)],
      ]);
    }
    fed.saml.metadata = (await fed.admin('GET', '/_iamlab/saml/metadata')).text;
    for (const name of [SAML_PROVIDER, SPARE_SAML_PROVIDER]) {
      await fed.iam('CreateSAMLProvider', [
        ['Name', name],
        ['SAMLMetadataDocument', fed.saml.metadata],
      ]);
    }
    const roles: [string, string][] = [
      [
        'fuzz-web-role',
        trust({ Federated: fed.oidcProviderArnOf(OIDC_ISSUER) }, ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity'], {
          StringEquals: { 'fuzz.example.com/issuer:aud': OIDC_CLIENT },
        }),
      ],
      ['fuzz-github-role', trust({ Federated: fed.oidcProviderArnOf(GITHUB_ISSUER) }, ['sts:AssumeRoleWithWebIdentity'])],
      [
        'fuzz-saml-role',
        trust({ Federated: fed.samlProviderArn }, ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'], {
          StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' },
        }),
      ],
      ['fuzz-ecs-role', trust({ Service: 'ecs-tasks.amazonaws.com' }, ['sts:AssumeRole', 'sts:TagSession'])],
      ['fuzz-pod-role', trust({ Service: 'pods.eks.amazonaws.com' }, ['sts:AssumeRole', 'sts:TagSession'])],
    ];
    for (const [name, document] of roles) {
      await fed.iam('CreateRole', [
        ['RoleName', name],
        ['AssumeRolePolicyDocument', document],
      ]);
    }
    await fed.iam('EnableOutboundWebIdentityFederation', []);
    fed.task = await fed.container('/_iamlab/tasks', { roleArn: `arn:aws:iam::${fed.account}:role/fuzz-ecs-role` }, 'taskId');
    fed.pod = await fed.container(
      '/_iamlab/pod-identity-associations',
      { roleArn: `arn:aws:iam::${fed.account}:role/fuzz-pod-role`, namespace: 'fuzz', serviceAccount: 'fuzz-sa' },
      'associationId',
    );
    await fed.refresh();
    return fed;
  }

  /** Fresh genuine tokens and assertions every few seconds: the fuzz moves the virtual clock. */
  async refresh(): Promise<void> {
    if (performance.now() - this.#refreshedAt < 3000) return;
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    await this.#refreshing;
  }

  async #refresh(): Promise<void> {
    const clock = JSON.parse((await this.admin('GET', '/_iamlab/clock')).text) as { virtualNow?: string };
    this.nowSeconds = Math.floor(Date.parse(clock.virtualNow ?? '') / 1000);
    const tokens = await Promise.all([
      this.mint({ issuer: OIDC_ISSUER, sub: 'fuzz-sub', aud: OIDC_CLIENT }),
      this.mint({ issuer: OIDC_ISSUER, sub: 'fuzz-sub', aud: [OIDC_CLIENT, 'other'], alg: 'ES256' }),
      this.mint({
        issuer: OIDC_ISSUER,
        sub: 'fuzz-tagged',
        aud: OIDC_CLIENT,
        claims: { 'https://aws.amazon.com/tags': { principal_tags: { team: ['blue'] }, transitive_tag_keys: ['team'] } },
      }),
      this.mint({ issuer: 'github', sub: 'repo:fuzz/fuzz:ref:refs/heads/main' }),
    ]);
    this.jwt.tokens = tokens.filter((token): token is string => token !== undefined);
    const jwks: string[] = [];
    for (const issuer of [OIDC_ISSUER, GITHUB_ISSUER]) {
      const answer = await this.admin('GET', `/_iamlab/oidc/${issuer.slice('https://'.length)}/.well-known/jwks.json`);
      const keys = (JSON.parse(answer.text) as { keys?: Record<string, string>[] }).keys ?? [];
      for (const key of keys) jwks.push(JSON.stringify(key), key['n'] ?? key['x'] ?? '');
    }
    this.jwt.publicJwks = jwks;
    const responses = await Promise.all([
      this.assertion({ provider: this.samlProviderArn, role: this.samlRoleArn, subject: 'fuzz-user' }),
      this.assertion({
        provider: this.samlProviderArn,
        role: this.samlRoleArn,
        subject: 'fuzz-user@example.com',
        subjectFormat: 'emailAddress',
        attributes: { 'PrincipalTag:team': 'blue', SourceIdentity: 'fuzz-source' },
        signResponse: true,
      }),
    ]);
    this.saml.responses = responses.filter((assertion): assertion is string => assertion !== undefined);
    this.#refreshedAt = performance.now();
  }

  /** A token the lab signs (`POST /_iamlab/oidc/token`); undefined when it refuses the request. */
  async mint(body: unknown): Promise<string | undefined> {
    const answer = await this.admin('POST', '/_iamlab/oidc/token', JSON.stringify(body));
    this.check(answer, { kind: 'admin-json' }, 'POST /_iamlab/oidc/token');
    return answer.status === 200 ? (JSON.parse(answer.text) as { token: string }).token : undefined;
  }

  /** A Response the lab IdP signs (`POST /_iamlab/saml/assertion`), base64; undefined when it refuses. */
  async assertion(body: unknown): Promise<string | undefined> {
    const answer = await this.admin('POST', '/_iamlab/saml/assertion', JSON.stringify(body));
    this.check(answer, { kind: 'admin-json' }, 'POST /_iamlab/saml/assertion');
    return answer.status === 200 ? (JSON.parse(answer.text) as { assertion: string }).assertion : undefined;
  }

  /** What must still work after the fuzz: each federation path with genuine input, and the providers' data. */
  async stillWorks(): Promise<string[]> {
    this.#refreshedAt = Number.NEGATIVE_INFINITY;
    await this.refresh();
    const problems: string[] = [];
    const expectOk = (what: string, answer: Answer): void => {
      if (answer.status !== 200) problems.push(`after the run, ${what} answers ${answer.status}: ${answer.text.slice(0, 300)}`);
    };
    const [token] = this.jwt.tokens;
    const [assertion] = this.saml.responses;
    if (token === undefined || assertion === undefined) problems.push('after the run, the lab no longer signs tokens or assertions');
    if (token !== undefined) {
      const pairs: [string, string][] = [
        ['Action', 'AssumeRoleWithWebIdentity'],
        ['Version', '2011-06-15'],
        ['RoleArn', this.webRoleArn],
        ['RoleSessionName', 'after-fuzz'],
        ['WebIdentityToken', token],
      ];
      expectOk('AssumeRoleWithWebIdentity with a genuine token', await this.unsigned(pairs));
    }
    if (assertion !== undefined) {
      const pairs: [string, string][] = [
        ['Action', 'AssumeRoleWithSAML'],
        ['Version', '2011-06-15'],
        ['RoleArn', this.samlRoleArn],
        ['PrincipalArn', this.samlProviderArn],
        ['SAMLAssertion', assertion],
      ];
      expectOk('AssumeRoleWithSAML with a genuine assertion', await this.unsigned(pairs));
    }
    const provider = await this.iam('GetOpenIDConnectProvider', [['OpenIDConnectProviderArn', this.oidcProviderArnOf(OIDC_ISSUER)]]);
    expectOk('GetOpenIDConnectProvider', provider);
    if (!provider.text.includes(`<member>${OIDC_CLIENT}</member>`))
      problems.push(`after the run, the OIDC provider lost its client id: ${provider.text}`);
    expectOk('GetSAMLProvider', await this.iam('GetSAMLProvider', [['SAMLProviderArn', this.samlProviderArn]]));
    if (this.task !== undefined)
      expectOk('the ECS agent', await this.admin('GET', this.task.relativeUri, undefined, { authorization: this.task.token }));
    if (this.pod !== undefined)
      expectOk('the Pod Identity Agent', await this.admin('GET', this.pod.relativeUri, undefined, { authorization: this.pod.token }));
    return problems;
  }

  check(answer: Answer, expect: Expectation, what: string): void {
    const problem =
      answer.status >= 500
        ? `status ${answer.status}: ${answer.text.slice(0, 300)}`
        : checkExpectation(expect, answer.status, answer.headers, answer.text);
    if (problem !== undefined) this.report(`side request ${what}: ${problem}`);
  }

  async iam(action: string, pairs: readonly (readonly [string, string])[]): Promise<Answer> {
    return this.query('iam', [['Action', action], ['Version', '2010-05-08'], ...pairs]);
  }

  async query(service: 'sts' | 'iam', pairs: readonly (readonly [string, string])[]): Promise<Answer> {
    const body = form(pairs);
    const headers = await sign(service, 'POST', '/', {}, { 'content-type': FORM_TYPE }, body, this.lab.port);
    return this.send('POST', '/', body, headers);
  }

  async unsigned(pairs: readonly (readonly [string, string])[]): Promise<Answer> {
    return this.send('POST', '/', form(pairs), { 'content-type': FORM_TYPE });
  }

  async admin(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.send(method, path, body, headers);
  }

  private async container(path: string, body: Record<string, string>, idMember: string): Promise<ContainerSeed> {
    const answer = await this.admin('POST', path, JSON.stringify(body));
    if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${answer.text}`);
    const created = JSON.parse(answer.text) as Record<string, string>;
    return {
      id: created[idMember] ?? '',
      credentialsId: created['credentialsId'] ?? '',
      token: created['authorizationToken'] ?? '',
      relativeUri: created['relativeUri'] ?? '',
    };
  }

  private async send(method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<Answer> {
    const response = await fetch(`${this.lab.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
  }
}
