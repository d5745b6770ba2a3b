/**
 * Requests per caller, as token buckets: each caller (a token's subject, or the client's address for
 * the public) may send `burst` requests at once and `perMinute` a minute on average. In memory, per
 * gateway instance; the limits are per instance.
 */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: { user: RateLimit; public: RateLimit },
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one request from the caller's bucket: null when allowed, otherwise the seconds to wait. */
  take(key: string, kind: 'user' | 'public'): number | null {
    const limit = this.limits[kind];
    if (limit.perMinute <= 0) return null;
    const now = this.now();
    const perMs = limit.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, updatedAt: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.sweep(now, limit.burst, perMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  /** Forgets buckets that have refilled: the memory stays bounded however many callers come. */
  private sweep(now: number, burst: number, perMs: number): void {
    for (const [key, bucket] of this.buckets)
      if (bucket.tokens + (now - bucket.updatedAt) * perMs >= burst) this.buckets.delete(key);
  }
}
