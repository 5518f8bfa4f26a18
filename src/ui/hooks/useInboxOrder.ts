import { useState } from 'react';
import { isInboxOrder, type InboxOrder } from '../inbox-order.ts';
import { useEnv } from './useEnv.ts';

/** A UI preference (not office data), kept where the language choice is kept. */
const ORDER_KEY = 'patravali.inboxOrder';

/** The inbox order the person chose last on this device ('oldest' until they choose). */
export function useInboxOrder(): [InboxOrder, (order: InboxOrder) => void] {
  const { prefs } = useEnv();
  const [order, setOrder] = useState<InboxOrder>(() => {
    try {
      const kept = prefs?.getItem(ORDER_KEY);
      return isInboxOrder(kept) ? kept : 'oldest';
    } catch {
      return 'oldest';
    }
  });
  const choose = (next: InboxOrder): void => {
    setOrder(next);
    try {
      prefs?.setItem(ORDER_KEY, next);
    } catch {
      // Private mode or quota: the choice lasts this visit only.
    }
  };
  return [order, choose];
}
