// A real OpenID provider for the end-to-end tests: npm's oidc-provider (OpenID Certified) on a
// loopback port, with one confidential client for Plenum and a few accounts. Its development
// login form accepts any password; the login name is the account. Not a test itself.
import Provider from 'oidc-provider';
import type { Server } from 'node:http';

export interface Idp {
  issuer: string;
  stop(): Promise<void>;
}

/** People the provider knows, by login name. */
const PEOPLE: Record<string, { name: string; groups: string[] }> = {
  alice: { name: 'Alice Teacher', groups: ['teachers', 'plenum-admins'] },
  bob: { name: 'Bob Pupil', groups: ['class-7b'] },
};

/**
 * Starts the provider. With `claimsInIdToken` the profile (e-mail, name, groups) is in the ID
 * token, as Keycloak does; without, only at the userinfo endpoint, as the OpenID spec prefers.
 */
export async function startIdp(port: number, redirectUri: string, claimsInIdToken = true): Promise<Idp> {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'plenum',
        client_secret: 'plenum-test-secret',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { methods: ['S256'], required: () => true },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    conformIdTokenClaims: !claimsInIdToken,
    cookies: { keys: ['plenum-e2e-cookie-key'] },
    findAccount: (_ctx: unknown, id: string) => {
      const person = PEOPLE[id] ?? { name: id, groups: [] };
      return {
        accountId: id,
        claims: () => ({ sub: id, email: `${id}@school.example`, email_verified: true, name: person.name, groups: person.groups }),
      };
    },
  });
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
  });
  return {
    issuer,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A free loopback port (for services whose address must be known before they start). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}
