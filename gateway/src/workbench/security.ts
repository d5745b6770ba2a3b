import type { RequestHandler } from 'express';

/**
 * The Content-Security-Policy of every workbench response: everything from this gateway and nothing
 * from another host. Monaco (GraphiQL's editor) sets inline styles and runs its language services in
 * workers built into the bundle; fonts and images are the bundle's own files (or data: URLs inlined
 * by the build). An OIDC provider is the one other origin the browser talks to, for the PKCE flow.
 */
export function contentSecurityPolicy(oidcIssuer?: string): string {
  const connect = ["'self'", ...(oidcIssuer ? [new URL(oidcIssuer).origin] : [])];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Security headers of every workbench response; `Referrer-Policy` keeps an OIDC code out of other hosts' logs. */
export function securityHeaders(csp: string): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    next();
  };
}
