type Target = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

/**
 * `online` events as the engine's `onlineEvents` dependency. Takes the event
 * target (window in the browser) instead of reaching for a global.
 */
export function onlineEventsOf(target: Target): (listener: () => void) => () => void {
  return eventsOf(target, 'online');
}

/** `offline` events as the engine's `offlineEvents` dependency. */
export function offlineEventsOf(target: Target): (listener: () => void) => () => void {
  return eventsOf(target, 'offline');
}

function eventsOf(target: Target, type: string): (listener: () => void) => () => void {
  return (listener) => {
    target.addEventListener(type, listener);
    return () => target.removeEventListener(type, listener);
  };
}
