import { z } from 'zod';

/** A demo user offered by development sign-in, with the claims of the tokens signed for it. */
export const devUserSchema = z.object({
  login: z.string().regex(/^[a-z0-9-]{1,64}$/, 'a login is lower-case letters, digits and dashes'),
  name: z.string().min(1).max(100),
  role: z.string().min(1),
  /** Where the user works, in words (shown in the picker). */
  scope: z.string().max(200),
  claims: z.record(z.string(), z.string()),
});
export type DevUser = z.infer<typeof devUserSchema>;

/** DEV_USERS: a JSON array of demo users (the launcher writes it from the demo world). */
export const devUsersJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of { login, name, role, scope, claims }' });
      return z.NEVER;
    }
  })
  .pipe(z.array(devUserSchema).min(1));

interface WorkbenchSettings {
  NODE_ENV: string;
  AUTH_MODE: 'dev' | 'oidc';
  AUTH_DEV_PUBLIC_KEY?: string;
  AUTH_DEV_PRIVATE_KEY?: string;
  DEV_USERS?: DevUser[];
  WORKBENCH_OIDC_CLIENT_ID?: string;
  AUTH_ISSUER?: string;
}

function jwk(text: string | undefined): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text ?? '') as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The workbench's rules across settings, as [setting, problem] pairs: development sign-in only with
 * development identity outside production, with a private key that belongs to the public key every
 * service verifies with; OIDC sign-in only in OIDC mode, against a URL issuer.
 */
export function workbenchConfigProblems(config: WorkbenchSettings): [string, string][] {
  const problems: [string, string][] = [];
  const production = config.AUTH_MODE === 'oidc' || config.NODE_ENV === 'production';
  if (config.AUTH_DEV_PRIVATE_KEY) {
    if (production) {
      problems.push([
        'AUTH_DEV_PRIVATE_KEY',
        'development sign-in is refused with production identity (AUTH_MODE=oidc or NODE_ENV=production)',
      ]);
    } else {
      const privateKey = jwk(config.AUTH_DEV_PRIVATE_KEY);
      const publicKey = jwk(config.AUTH_DEV_PUBLIC_KEY);
      if (!privateKey || typeof privateKey.d !== 'string')
        problems.push(['AUTH_DEV_PRIVATE_KEY', 'must be a private JWK (JSON with "d")']);
      else if (publicKey && (privateKey.x !== publicKey.x || privateKey.y !== publicKey.y))
        problems.push(['AUTH_DEV_PRIVATE_KEY', 'is not the pair of AUTH_DEV_PUBLIC_KEY: its tokens would be refused']);
    }
  }
  if (config.DEV_USERS && !config.AUTH_DEV_PRIVATE_KEY && !production)
    problems.push(['DEV_USERS', 'development sign-in needs AUTH_DEV_PRIVATE_KEY']);
  if (config.DEV_USERS && production) problems.push(['DEV_USERS', 'development sign-in is refused with production identity']);
  if (config.WORKBENCH_OIDC_CLIENT_ID) {
    if (config.AUTH_MODE !== 'oidc') problems.push(['WORKBENCH_OIDC_CLIENT_ID', 'OIDC sign-in needs AUTH_MODE=oidc']);
    else if (!/^https?:\/\//.test(config.AUTH_ISSUER ?? ''))
      problems.push(['AUTH_ISSUER', 'OIDC sign-in needs the issuer as a URL']);
  }
  return problems;
}
