import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';

/** API.md: requests a principal may make a minute unless RATE_LIMIT_PER_MINUTE says otherwise. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;

const WINDOW_MS = 60_000;

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** When refused: whole seconds until the oldest counted request leaves the window (Retry-After). */
  readonly retryAfterSeconds: number;
}

/**
 * Requests per minute per key — a principal (`sub`), or for a request without a valid token its client
 * address — in a sliding window (@nestjs/throttler's in-memory storage: each request counts for one minute
 * from when it came). Per process: replicas behind a load balancer each allow the limit. `perMinute` 0 turns
 * it off.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly storage = new ThrottlerStorageService();

  constructor(readonly perMinute: number = DEFAULT_RATE_LIMIT_PER_MINUTE) {}

  async hit(key: string): Promise<RateLimitDecision> {
    if (this.perMinute === 0) return { allowed: true, retryAfterSeconds: 0 };
    // blockDuration 0: no extra penalty; refused only while the window holds `perMinute` requests.
    const record = await this.storage.increment(key, WINDOW_MS, this.perMinute, 0, 'api');
    return record.isBlocked ? { allowed: false, retryAfterSeconds: Math.max(1, record.timeToBlockExpire) } : { allowed: true, retryAfterSeconds: 0 };
  }

  onApplicationShutdown(): void {
    this.storage.onApplicationShutdown();
  }
}
