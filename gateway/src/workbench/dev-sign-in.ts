import { callerFromClaims } from '@cso/contracts';
import { ConfigError, signDevToken, type TokenClaims } from '@cso/platform';
import type { JWK } from 'jose';
import type { DevUser } from './config.js';

/** What the picker shows of a demo user: never its claims' ids beyond what the token will carry. */
export interface DevUserCard {
  login: string;
  name: string;
  role: string;
  scope: string;
}

export interface DevSignIn {
  users: DevUserCard[];
  /** A token for the demo user, or null for an unknown login. */
  signIn: (login: string) => Promise<{ token: string; expiresAt: string; user: DevUserCard } | null>;
}

/**
 * Development sign-in: the demo users (from the launcher) and short-lived tokens signed with the
 * development key, the same kind of token `npm run token` prints. Each user's claims are checked
 * against the roles contract at start, so a token it signs is one every service accepts.
 */
export function createDevSignIn(privateKey: string, users: DevUser[], minutes: number): DevSignIn {
  const problems = users.flatMap((u) => {
    try {
      callerFromClaims(u.claims);
      return u.claims.sub && u.claims.name ? [] : [`DEV_USERS: ${u.login} needs the claims sub and name`];
    } catch (error) {
      return [
        `DEV_USERS: ${u.login} has claims the roles contract refuses (${error instanceof Error ? error.message.slice(0, 200) : ''})`,
      ];
    }
  });
  if (problems.length) throw new ConfigError('gateway', problems);
  const jwk = JSON.parse(privateKey) as JWK;
  const byLogin = new Map(users.map((u) => [u.login, u]));
  const card = ({ login, name, role, scope }: DevUser): DevUserCard => ({ login, name, role, scope });
  return {
    users: users.map(card),
    signIn: async (login) => {
      const user = byLogin.get(login);
      if (!user) return null;
      const expiresAt = new Date(Date.now() + minutes * 60_000);
      const token = await signDevToken(jwk, user.claims as TokenClaims, { expiresIn: Math.floor(expiresAt.getTime() / 1000) });
      return { token, expiresAt: expiresAt.toISOString(), user: card(user) };
    },
  };
}
