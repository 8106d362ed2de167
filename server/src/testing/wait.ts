/** Generous by design: tests run on 2-core CI machines; a condition that holds is seen in milliseconds. */
export const DEFAULT_WAIT_MS = 20_000

/**
 * Polls `condition` until it holds or `timeoutMs` passes, then fails with `what`. Tests wait for
 * states, never for durations: nothing here asserts how fast something happened.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await condition()) return
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(10)
  }
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
