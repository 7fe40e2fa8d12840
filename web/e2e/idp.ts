// A real OpenID provider for the end-to-end tests: npm's oidc-provider (OpenID Certified) on a
// loopback port, with one confidential client for Plenum and a few accounts. Its development
// login form accepts any password; the login name is the account. Not a test itself.
import Provider from 'oidc-provider';
import type { Server } from 'node:http';

export interface Idp {
  issuer: string;
  stop(): Promise<void>;
}

interface Person {
  name: string;
  groups: string[];
  /** The address the provider claims (default `<login>@school.example`). */
  email?: string;
  /** Whether the provider vouches for the address (default yes). */
  verified?: boolean;
}

/** People the provider knows, by login name; tests may change their groups. */
const PEOPLE: Record<string, Person> = {
  alice: { name: 'Alice Teacher', groups: ['teachers', 'plenum-admins'] },
  bob: { name: 'Bob Pupil', groups: ['class-7b'] },
  // Claims Alice's address, unverified.
  mallory: { name: 'Mallory', groups: [], email: 'alice@school.example', verified: false },
  dora: { name: 'Dora Provider', groups: [] },
};

/** Changes the groups the provider reports for `login` from the next sign-in on. */
export function setGroups(login: string, groups: string[]): void {
  const person = PEOPLE[login];
  if (person !== undefined) person.groups = groups;
}

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
      const person: Person = PEOPLE[id] ?? { name: id, groups: [] };
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: person.email ?? `${id}@school.example`,
          email_verified: person.verified ?? true,
          name: person.name,
          groups: person.groups,
        }),
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
