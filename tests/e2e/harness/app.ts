// Page helpers that drive the PWA by the English accessible names of DESIGN.md §8,
// so every helper expects the page to be in English (`openApp(page, url, 'en')`).
// They wait for conditions (Playwright's auto-waiting locators), never fixed times.
import type { Locator, Page } from 'playwright-core';

export type Lang = 'en' | 'hi';
export type NavLink = 'Inbox' | 'New file' | 'Dak' | 'Pendency';

const UI_TIMEOUT_MS = 30_000;

/** Opens the app at its root; with `lang`, adds `?lang=` (which the app remembers). */
export async function openApp(page: Page, baseUrl: string, lang?: Lang): Promise<void> {
  const query = lang ? `?lang=${lang}` : '';
  await page.goto(`${baseUrl}/${query}`, { waitUntil: 'domcontentloaded' });
}

export function usernameField(page: Page): Locator {
  return page.getByLabel('Username', { exact: true });
}

export function passwordField(page: Page): Locator {
  return page.getByLabel('Password', { exact: true });
}

export function signInButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Sign in', exact: true });
}

/** `Sign out`: inside the header's menu, so open it first (`openMenu`). */
export function signOutButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Sign out', exact: true });
}

/** The header's menu button (`Menu`, `मेनू`): the signed-in shell's sign that it is there. */
export function menuButton(page: Page, lang: Lang = 'en'): Locator {
  return page.getByRole('button', { name: lang === 'en' ? 'Menu' : 'मेनू', exact: true });
}

/** Opens the header's menu (who is signed in, Settings, Training, Sign out) unless it is open. */
export async function openMenu(page: Page, lang: Lang = 'en'): Promise<void> {
  const button = menuButton(page, lang);
  if ((await button.getAttribute('aria-expanded', { timeout: UI_TIMEOUT_MS })) !== 'true')
    await button.click();
}

/** The inbox list or table; §8 allows a region, a table or a list named `Inbox`. */
export function inboxRegion(page: Page): Locator {
  return namedContainer(page, 'Inbox');
}

/** The inbox's row (or, on a narrow screen, list item) of `subject`. */
export function inboxItem(page: Page, subject: string): Locator {
  const inbox = inboxRegion(page);
  return inbox
    .getByRole('row')
    .filter({ hasText: subject })
    .or(inbox.getByRole('listitem').filter({ hasText: subject }))
    .first();
}

export function pendencyRegion(page: Page): Locator {
  return namedContainer(page, 'Pendency');
}

export function noteSheet(page: Page): Locator {
  return namedContainer(page, 'Note sheet');
}

export function syncStatus(page: Page): Locator {
  return page.getByRole('status', { name: 'Sync status', exact: true });
}

/** Signs in from the sign-in page and waits until the signed-in shell shows its menu. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await usernameField(page).fill(username, { timeout: UI_TIMEOUT_MS });
  await passwordField(page).fill(password);
  await signInButton(page).click();
  await menuButton(page).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}

export async function signOut(page: Page): Promise<void> {
  await openMenu(page);
  await signOutButton(page).click();
  await passSignOutWarning(page);
}

/**
 * After `Sign out` was pressed: goes on past the warning about changes not sent
 * yet, when it comes (it depends on whether the last sync finished), and waits
 * for the sign-in page. Names default to English.
 */
export async function passSignOutWarning(
  page: Page,
  names = { anyway: 'Sign out anyway', signIn: 'Sign in' },
): Promise<void> {
  const signInAgain = page.getByRole('button', { name: names.signIn, exact: true });
  const anyway = page.getByRole('button', { name: names.anyway, exact: true });
  await signInAgain.or(anyway).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  if (await anyway.isVisible()) await anyway.click();
  await signInAgain.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}

export async function navigate(page: Page, link: NavLink): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).click();
}

/** Creates a file from the New file page; resolves to the file number shown in its heading. */
export async function createFile(page: Page, subject: string, category: string): Promise<string> {
  await navigate(page, 'New file');
  await page.getByLabel('Subject', { exact: true }).fill(subject);
  await choose(page.getByLabel('Category', { exact: true }), category);
  await page.getByRole('button', { name: 'Create file', exact: true }).click();
  const heading = page.getByRole('heading', { level: 1 });
  await noteSheet(page).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  return (await heading.innerText()).trim();
}

export async function saveDraftNoting(page: Page, text: string): Promise<void> {
  await page.getByLabel('Noting', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Save draft', exact: true }).click();
}

export interface SendOptions {
  readonly to: string;
  readonly remarks?: string;
  /** yyyy-mm-dd; the Due date field (DateField) takes it as typed, as it takes 18-11-2026. */
  readonly dueDate?: string;
}

/** Opens the send dialog from the file page, fills it and sends; waits for the dialog to close. */
export async function sendFile(page: Page, options: SendOptions): Promise<void> {
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await choose(dialog.getByLabel('Send to', { exact: true }), options.to);
  if (options.remarks !== undefined) {
    await dialog.getByLabel('Remarks', { exact: true }).fill(options.remarks);
  }
  if (options.dueDate !== undefined) {
    await dialog.getByLabel('Due date', { exact: true }).fill(options.dueDate);
  }
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/** Waits until the sync indicator's text matches, e.g. /^Synced/ or /pending/. */
export async function waitForSyncStatus(page: Page, text: RegExp): Promise<void> {
  await syncStatus(page).filter({ hasText: text }).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** True when the page shows Devanagari text somewhere (Hindi is the default language). */
export async function showsDevanagari(page: Page): Promise<boolean> {
  const text = await page.locator('body').innerText();
  return /[\u0900-\u097F]/.test(text);
}

/**
 * How a button's words sit in it: on how many lines, whether they fit inside it (not
 * cut off), and whether its right edge is on screen. Measured once the page's fonts
 * have loaded, since the fallback font's widths differ.
 */
export async function buttonWords(
  button: Locator,
): Promise<{ lines: number; fits: boolean; onScreen: boolean }> {
  await button.page().evaluate(() => document.fonts.ready);
  return button.evaluate((b) => {
    const range = document.createRange();
    range.selectNodeContents(b);
    return {
      lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size,
      fits: b.scrollWidth <= b.clientWidth,
      onScreen: b.getBoundingClientRect().right <= window.innerWidth,
    };
  });
}

/**
 * How far the lowest line of the words in `note` (an update prompt, the offline note) reaches
 * below the top of its button (px; 0 or less: every line is above it).
 */
export function wordsBelowButton(note: Locator): Promise<number> {
  return note.evaluate((el) => {
    const button = el.querySelector('button');
    if (button === null) throw new Error('no button');
    const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let lowest = -Infinity;
    for (let node = texts.nextNode(); node !== null; node = texts.nextNode()) {
      if (button.contains(node) || (node.textContent ?? '').trim() === '') continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of range.getClientRects()) lowest = Math.max(lowest, line.bottom);
    }
    if (lowest === -Infinity) throw new Error('no words beside the button');
    return lowest - button.getBoundingClientRect().top;
  });
}

/**
 * Picks an option in a <select> whose label is, or else contains, `label` (e.g. a person's
 * name in "Anita Bisht, Tehsildar"); types into any other field. Waits for the option,
 * since lists such as people may fill in after the field appears.
 */
async function choose(field: Locator, label: string): Promise<void> {
  const tag = await field.evaluate((el) => el.tagName.toLowerCase());
  if (tag !== 'select') {
    await field.fill(label);
    await field.press('Enter');
    return;
  }
  await field.locator('option', { hasText: label }).first().waitFor({ state: 'attached' });
  const value = await field.evaluate((el, wanted) => {
    const options = [...(el as HTMLSelectElement).options];
    const option =
      options.find((o) => o.label.trim() === wanted) ??
      options.find((o) => o.label.includes(wanted));
    return option?.value ?? null;
  }, label);
  if (value === null) throw new Error(`no option "${label}"`);
  await field.selectOption(value);
}

function namedContainer(page: Page, name: string): Locator {
  return page
    .getByRole('region', { name, exact: true })
    .or(page.getByRole('table', { name, exact: true }))
    .or(page.getByRole('list', { name, exact: true }));
}
