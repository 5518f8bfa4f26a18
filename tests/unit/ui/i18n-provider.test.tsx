// English is a chunk of its own (Hindi comes with the app shell): the app shows no text
// in a language whose catalog has not arrived, so an English reader never sees Hindi first.
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Lang } from '@i18n/translate.ts';
import { useI18n } from '@ui/hooks/useI18n.ts';
import { I18nProvider, type CatalogSource } from '@ui/I18nProvider.tsx';

/** English held back until the test lets it arrive (or fail). */
function heldBackEnglish() {
  let arrive: () => void = () => undefined;
  let fail: () => void = () => undefined;
  const arrival = new Promise<void>((resolve, reject) => {
    arrive = resolve;
    fail = () => reject(new Error('Failed to fetch dynamically imported module'));
  });
  let arrived = false;
  let loads = 0;
  const source: CatalogSource = {
    loaded: (lang: Lang) => lang === 'hi' || arrived,
    load: async () => {
      loads += 1;
      await arrival;
      arrived = true;
    },
  };
  return {
    source,
    loads: () => loads,
    arrive: () => act(async () => arrive()),
    fail: () => act(async () => fail()),
  };
}

function Probe() {
  const { t, lang, setLang } = useI18n();
  return (
    <>
      <p>{t('file.closeFile')}</p>
      <button type="button" onClick={() => setLang(lang === 'hi' ? 'en' : 'hi')}>
        switch
      </button>
    </>
  );
}

describe('language catalogs', () => {
  it('shows nothing for an English reader until English arrives, then English', async () => {
    const en = heldBackEnglish();
    const { container } = render(
      <I18nProvider search="?lang=en" prefs={null} catalogs={en.source}>
        <Probe />
      </I18nProvider>,
    );
    expect(container).toBeEmptyDOMElement();
    expect(en.loads()).toBeGreaterThan(0);
    await en.arrive();
    expect(screen.getByText('Close file')).toBeInTheDocument();
    expect(screen.queryByText('बंद करें')).toBeNull();
    expect(document.documentElement.lang).toBe('en');
  });

  it('shows Hindi at once, without loading English', () => {
    const en = heldBackEnglish();
    render(
      <I18nProvider search="" prefs={null} catalogs={en.source}>
        <Probe />
      </I18nProvider>,
    );
    expect(screen.getByText('बंद करें')).toBeInTheDocument();
    expect(en.loads()).toBe(0);
  });

  it('keeps Hindi on screen while English loads after a switch, then changes', async () => {
    const en = heldBackEnglish();
    render(
      <I18nProvider search="" prefs={null} catalogs={en.source}>
        <Probe />
      </I18nProvider>,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'switch' }));
    expect(screen.getByText('बंद करें')).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('hi');
    await en.arrive();
    expect(screen.getByText('Close file')).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
  });

  it('opens in Hindi when English cannot arrive', async () => {
    const en = heldBackEnglish();
    const { container } = render(
      <I18nProvider search="?lang=en" prefs={null} catalogs={en.source}>
        <Probe />
      </I18nProvider>,
    );
    expect(container).toBeEmptyDOMElement();
    await en.fail();
    expect(screen.getByText('बंद करें')).toBeInTheDocument();
  });
});
