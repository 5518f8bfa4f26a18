import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { PageErrorBoundary } from '@ui/components/PageErrorBoundary.tsx';
import { I18nProvider } from '@ui/I18nProvider.tsx';

function Broken(): never {
  throw new Error('chunk failed to load');
}

afterEach(() => vi.restoreAllMocks());

describe('a page that cannot render', () => {
  it('shows why and offers a reload, in English and Hindi, instead of a blank app', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const [search, catalog] of [
      ['?lang=en', en],
      ['?lang=hi', hi],
    ] as const) {
      const { unmount } = render(
        <I18nProvider search={search} prefs={null}>
          <PageErrorBoundary>
            <Broken />
          </PageErrorBoundary>
        </I18nProvider>,
      );
      expect(screen.getByRole('alert')).toHaveTextContent(catalog['app.pageFailed']);
      expect(screen.getByRole('button', { name: catalog['app.reload'] })).toBeInTheDocument();
      unmount();
    }
  });

  it('renders the page when nothing fails', () => {
    render(
      <I18nProvider search="?lang=en" prefs={null}>
        <PageErrorBoundary>
          <p>inbox</p>
        </PageErrorBoundary>
      </I18nProvider>,
    );
    expect(screen.getByText('inbox')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
