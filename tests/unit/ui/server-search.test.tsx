// Searching the server for records of other offices: on request only, hits the
// tablet holds left out, the rest marked as not on this tablet; offline says so.
import { describe, expect, it } from 'vitest';
import { asOfficeId, asPersonId, asRecordId } from '@domain/ids.ts';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { SEARCH_API, SEARCH_VERSION_WIRE, type SearchHit } from '@protocol/search.ts';
import { CLERK } from './fixtures.ts';
import { newDevice, screen, signInAs, within } from './harness.tsx';
import { EN } from './names.ts';
import { createFile } from './steps.ts';

const OTHER: SearchHit = {
  id: asRecordId('00000000-0000-4000-8000-00000000c0de'),
  kind: 'file',
  number: 'DDN/LR/2026/1-5',
  subject: 'ग्राम लाखामंडल का सीमांकन',
  office: asOfficeId('dehradun'),
  holder: asPersonId('dm.dehradun'),
  status: 'active',
  lastActivity: 1,
};

function searchServer() {
  const server = { online: true, queries: [] as string[], hits: [] as SearchHit[] };
  const wrapFetch =
    (inner: typeof fetch): typeof fetch =>
    async (input, init) => {
      const url = new URL(typeof input === 'string' ? input : String(input));
      if (url.pathname !== SEARCH_API) return inner(input, init);
      if (!server.online) throw new TypeError('Failed to fetch');
      server.queries.push(url.searchParams.get('q') ?? '');
      const body = { version: SEARCH_VERSION_WIRE, hits: server.hits, more: false };
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
  return { server, device: newDevice({ wrapFetch }) };
}

describe('searching the server', () => {
  it('asks only when told, lists what is not on this tablet and marks it, in English and Hindi', async () => {
    const { server, device } = searchServer();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const mine = await createFile(device, EN, 'अवैध कब्ज़े का सीमांकन');
    const mineId = (await device.db.records.where('number').equals(mine).first())?.id;
    if (mineId === undefined) throw new Error('the file is on the tablet');
    server.hits = [{ ...OTHER, id: mineId, number: mine, office: asOfficeId('vikasnagar') }, OTHER];
    await device.user.click(screen.getByRole('link', { name: EN.inbox }));
    await device.user.type(await screen.findByRole('searchbox', { name: 'Search' }), 'seemankan');
    const region = await screen.findByRole('region', { name: en['search.server.results'] });
    expect(server.queries).toEqual([]); // typing sends nothing
    await device.user.click(
      within(region).getByRole('button', { name: en['search.server.button'] }),
    );
    await expect.poll(() => within(region).queryAllByRole('row').length).toBe(2);
    expect(server.queries).toEqual(['seemankan']);
    const row = within(region).getAllByRole('row')[1];
    expect(row).toHaveTextContent('DDN/LR/2026/1-5');
    expect(row).toHaveTextContent(en['search.server.marker']);
    expect(row).toHaveTextContent('Collectorate, Dehradun');
    expect(within(region).queryByText(mine)).toBeNull(); // on the tablet: in its own results

    device.mount({ search: '?lang=hi' });
    await device.user.type(
      await screen.findByRole('searchbox', { name: hi['search.label'] }),
      'लाखामंडल',
    );
    const hindi = await screen.findByRole('region', { name: hi['search.server.results'] });
    await device.user.click(
      within(hindi).getByRole('button', { name: hi['search.server.button'] }),
    );
    await expect.poll(() => within(hindi).queryAllByRole('row').length).toBe(2);
    expect(within(hindi).getAllByRole('row')[1]).toHaveTextContent(hi['search.server.marker']);
    expect(within(hindi).getAllByRole('row')[1]).toHaveTextContent('जिलाधिकारी कार्यालय, देहरादून');
  });

  it('says so when the server cannot be reached', async () => {
    const { server, device } = searchServer();
    server.online = false;
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await device.user.type(await screen.findByRole('searchbox', { name: 'Search' }), 'seemankan');
    const region = await screen.findByRole('region', { name: en['search.server.results'] });
    await device.user.click(
      within(region).getByRole('button', { name: en['search.server.button'] }),
    );
    expect(await within(region).findByText(en['search.server.failed'])).toBeInTheDocument();
  });
});
