import { Injectable } from '@nestjs/common';
import { CONTRACTS_PROJECTION_NAME, ProjectionRegistry } from '@pfw/read-models';

/** How long a read waits for the read model to reach a write this process answered (then it reads anyway). */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

/**
 * Read-your-writes for mutations that answer before the contracts projection has applied their write: each
 * answered position is noted, and every later contract read of this process first waits (the projection's
 * PositionWaiters, woken by its commits) until the read model shows the highest of them. Once it has, reads
 * pass with a comparison and no wait. Positions are only compared.
 */
@Injectable()
export class ReadYourWrites {
  /** The highest position a mutation of this process answered with. */
  private highest: bigint | null = null;
  /** The highest position the read model is known to show. */
  private shown: bigint | null = null;

  constructor(private readonly registry: ProjectionRegistry) {}

  /** A mutation answered with the contract at `position`. */
  answered(position: bigint): void {
    if (this.highest === null || position > this.highest) this.highest = position;
  }

  /** Resolves once the read model shows every answered position (or after the bounded wait). */
  async settled(): Promise<void> {
    const target = this.highest;
    if (target === null || (this.shown !== null && this.shown >= target)) return;
    if (await this.registry.waitForPosition(target, READ_YOUR_WRITES_TIMEOUT_MS, [CONTRACTS_PROJECTION_NAME])) {
      if (this.shown === null || target > this.shown) this.shown = target;
    }
  }
}
