/**
 * `online` events as the engine's `onlineEvents` dependency. Takes the event
 * target (window in the browser) instead of reaching for a global.
 */
export function onlineEventsOf(
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>,
): (listener: () => void) => () => void {
  return (listener) => {
    target.addEventListener('online', listener);
    return () => target.removeEventListener('online', listener);
  };
}
