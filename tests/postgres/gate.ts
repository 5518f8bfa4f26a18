/**
 * A gate that held work waits at (`wait()`), `reached` once it does, until the test
 * opens it: a commit or an install held before COMMIT, a start held at its first write.
 */
export function gate() {
  let open!: () => void;
  let arrived!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  return { open, reached, wait: () => (arrived(), opened) };
}

export type Gate = ReturnType<typeof gate>;
