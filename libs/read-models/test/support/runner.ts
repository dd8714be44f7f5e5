import type { ProjectionRunner, ProjectionState } from '@pfw/read-models';

/** Resolves when the runner is (or enters) `state`; rejects after `timeoutMs`. Event-driven, no polling. */
export function untilState(runner: ProjectionRunner, state: ProjectionState, timeoutMs = 10_000): Promise<void> {
  if (runner.status().state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onState = (s: ProjectionState) => {
      if (s !== state) return;
      clearTimeout(timer);
      runner.events.off('state', onState);
      resolve();
    };
    const timer = setTimeout(() => {
      runner.events.off('state', onState);
      reject(new Error(`runner ${runner.name} did not reach ${state} within ${timeoutMs} ms (is ${runner.status().state})`));
    }, timeoutMs);
    runner.events.on('state', onState);
  });
}

/** Resolves after the runner's next `times` failures (state changes into `failed` or retries while failed). */
export function untilFailures(runner: ProjectionRunner, attempts: number, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if ((runner.status().failure?.attempts ?? 0) < attempts) return;
      clearTimeout(timer);
      runner.events.off('failure', check);
      resolve();
    };
    const timer = setTimeout(() => {
      runner.events.off('failure', check);
      reject(new Error(`runner ${runner.name} did not fail ${attempts} times within ${timeoutMs} ms`));
    }, timeoutMs);
    runner.events.on('failure', check);
    check();
  });
}
