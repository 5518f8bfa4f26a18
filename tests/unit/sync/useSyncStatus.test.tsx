import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createSyncStatusStore, type SyncStatusStore } from '@sync/status.ts';
import { useSyncStatus } from '@ui/hooks/useSyncStatus.ts';

function Probe({ store }: { store: SyncStatusStore }) {
  const s = useSyncStatus(store);
  return (
    <p role="status">
      {s.state} {s.pending} {s.progress ? `${s.progress.done}/${s.progress.total}` : ''}
    </p>
  );
}

describe('useSyncStatus', () => {
  it('re-renders when the engine updates the store', () => {
    const store = createSyncStatusStore();
    render(<Probe store={store} />);
    expect(screen.getByRole('status')).toHaveTextContent('offline 0');
    act(() => store.update({ state: 'syncing', progress: { done: 3, total: 10 } }));
    expect(screen.getByRole('status')).toHaveTextContent('syncing 0 3/10');
    act(() => store.update({ state: 'pending', pending: 2, progress: null }));
    expect(screen.getByRole('status')).toHaveTextContent('pending 2');
  });
});
