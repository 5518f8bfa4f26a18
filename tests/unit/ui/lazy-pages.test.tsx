import { act, render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { describe, expect, it } from 'vitest';
import { preloadablePage } from '@ui/lazy-pages.ts';

/**
 * A page whose code was fetched ahead (useAhead.ts) is shown at once when
 * opened: React.lazy alone shows its fallback first, and React then holds the
 * page back for up to 300 ms on a real tablet.
 */

function Here({ word }: { readonly word: string }) {
  return <p>{word}</p>;
}

const shown = (Page: ReturnType<typeof preloadablePage<{ readonly word: string }>>) =>
  render(
    <Suspense fallback={<p>waiting</p>}>
      <Page word="here" />
    </Suspense>,
  );

describe('a page fetched ahead', () => {
  it('is shown at once, with no fallback', async () => {
    const Page = preloadablePage(() => Promise.resolve(Here));
    await Page.preload();
    shown(Page);
    expect(screen.getByText('here')).toBeInTheDocument();
    expect(screen.queryByText('waiting')).toBeNull();
  });

  it('not fetched ahead, it shows the fallback until its code has run', async () => {
    const Page = preloadablePage(() => Promise.resolve(Here));
    shown(Page);
    expect(screen.getByText('waiting')).toBeInTheDocument();
    expect(await screen.findByText('here')).toBeInTheDocument();
  });

  it('fetched ahead without success, it fetches again when opened', async () => {
    let tries = 0;
    const Page = preloadablePage(() =>
      ++tries === 1 ? Promise.reject(new Error('offline')) : Promise.resolve(Here),
    );
    await expect(Page.preload()).rejects.toThrow('offline');
    await act(async () => {
      shown(Page);
    });
    expect(await screen.findByText('here')).toBeInTheDocument();
    expect(tries).toBe(2);
  });
});
