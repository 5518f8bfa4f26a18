import type { WhenIdle } from '@storage/services.ts';

/**
 * The browser's idle callback (at the latest after two seconds, so work ahead
 * still moves on a tablet that is never idle); a short timer where there is
 * none (Safari).
 */
export const whenIdle: WhenIdle = (then) => {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(() => then(), { timeout: 2_000 });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(then, 50);
  return () => clearTimeout(handle);
};
