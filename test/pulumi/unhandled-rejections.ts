import { runInThisContext } from 'vm';

/**
 * Runs `body` and returns the errors of the unhandled promise rejections it causes, for tests of checks that fail
 * inside `apply`. Pulumi reports an error thrown in `apply` (and the failed registration of a resource whose inputs
 * depend on it) as an unhandled rejection, which the Pulumi language host prints as the failure of `pulumi preview`
 * or `pulumi up`. Jest counts such a rejection as a failure of the running test through a listener on the real
 * `process` (a test file sees a copy of it), so that listener is set aside while `body` runs and put back after.
 *
 * @param turns event-loop turns to wait after `body` so the rejections surface
 */
export async function unhandledRejectionsOf(body: () => void | Promise<void>, turns = 50): Promise<Error[]> {
  const realProcess = runInThisContext('process') as NodeJS.Process;
  const saved = realProcess.listeners('unhandledRejection');
  const seen: Error[] = [];
  const capture = (reason: unknown): void => {
    seen.push(reason instanceof Error ? reason : new Error(String(reason)));
  };
  realProcess.removeAllListeners('unhandledRejection');
  realProcess.on('unhandledRejection', capture);
  try {
    await body();
    for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
  } finally {
    realProcess.removeListener('unhandledRejection', capture);
    for (const listener of saved) realProcess.on('unhandledRejection', listener);
  }
  return seen;
}
