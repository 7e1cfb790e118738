import { MeshplaneError } from '@meshplane/core';
import { describe, expect, it } from 'vitest';
import { RetryGaveUp, retryUntilDeadline } from '../src/agent/retry-until-deadline.js';
import { MeshplaneEcsError } from '../src/index.js';

// Issue 12 item 7: the agent's retry failure is an error of the package's root (MeshplaneEcsError,
// under core's MeshplaneError) with a typed code, and still carries why, how often and the cause.
describe('RetryGaveUp', () => {
  it('is thrown for a client error on the first attempt, as a MeshplaneEcsError with RETRY_GAVE_UP', async () => {
    // Prepare
    const denied = Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    let calls = 0;
    // Act
    const error = await retryUntilDeadline(
      async () => {
        calls++;
        throw denied;
      },
      { deadline: Date.now() + 30_000, classify: () => 'CLIENT_ERROR' },
    ).catch((e: unknown) => e);
    // Assert
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(RetryGaveUp);
    expect(error).toBeInstanceOf(MeshplaneEcsError);
    expect(error).toBeInstanceOf(MeshplaneError);
    const gaveUp = error as RetryGaveUp;
    expect(gaveUp.code).toBe('RETRY_GAVE_UP');
    expect(gaveUp.name).toBe('RetryGaveUp');
    expect(gaveUp.reason).toBe('not-retryable');
    expect(gaveUp.attempts).toBe(1);
    expect(gaveUp.lastError).toBe(denied);
    expect(gaveUp.cause).toBe(denied);
    expect(gaveUp.message).toBe('not-retryable after 1 attempt(s)');
  });

  it('gives up at the deadline with the attempts made', async () => {
    // Act: the deadline has already passed when the first retryable failure is seen
    const error = await retryUntilDeadline(() => Promise.reject(new Error('busy')), {
      deadline: Date.now() - 1,
      classify: () => 'SERVER_ERROR',
    }).catch((e: unknown) => e);
    // Assert
    expect(error).toBeInstanceOf(RetryGaveUp);
    expect((error as RetryGaveUp).reason).toBe('deadline');
    expect((error as RetryGaveUp).attempts).toBe(1);
  });
});
