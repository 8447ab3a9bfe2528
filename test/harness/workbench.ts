// Drives the VS Code workbench in Chromium as a person would: waits for it, runs commands from
// the palette (F1), picks quick-pick items, and reaches into a webview's nested iframes.

import type { Frame, Locator, Page } from 'playwright-core';

const QUICK_INPUT = '.quick-input-widget';
/** How long a pick retried by `untilPicked` may take to show and take typing. */
const PICK_TIMEOUT_MS = 10_000;

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
}

/** Waits for a quick-pick row with this text and accepts it; false when it does not show up. */
async function acceptRow(page: Page, text: string, timeout: number): Promise<boolean> {
  const row = page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: text }).first();
  try {
    await row.waitFor({ state: 'visible', timeout });
  } catch {
    return false;
  }
  await page.keyboard.press('Enter');
  return true;
}

/**
 * F1, the command's title, Enter. Retries: the palette can be empty for a while after start-up,
 * and F1 can go unanswered while a quick pick is closing.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 0; attempt < 15; attempt++) {
    await page.keyboard.press('F1');
    const typed = await page
      .locator(`${QUICK_INPUT} input`)
      .fill(`>${title}`, { timeout: 5_000 })
      .then(() => true, () => false);
    if (typed && (await acceptRow(page, title, 2_000))) return;
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1_000);
  }
  throw new Error(`The command palette never offered "${title}".`);
}

/**
 * Runs `steps` (a command, then its picks) until they all go through, at most `attempts` times:
 * a pick can close under the test's hands (the palette closing takes a just-opened pick with it,
 * or a page that finishes loading takes the focus). Each miss is logged with what had the focus,
 * and Escape closes what was left open before the next attempt.
 */
async function untilPicked(page: Page, what: string, steps: () => Promise<void>, attempts = 3): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const failure = await steps().then(() => undefined, (err: Error) => err.message);
    if (failure === undefined) return;
    console.error(`${what} (attempt ${attempt}): ${failure} The focus was on ${await focused(page)}.`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
  }
  throw new Error(`${what} never went through in ${attempts} attempts.`);
}

/**
 * Runs a command that opens a quick pick, then accepts the rows showing `texts`, one pick after
 * another. Each pick is typed into only once its row shows: typed earlier, the text would go to
 * the pick that is closing.
 */
export async function runCommandThenPick(page: Page, title: string, ...texts: string[]): Promise<void> {
  await untilPicked(page, `"${title}" then ${texts.map((t) => `"${t}"`).join(', ')}`, async () => {
    await runCommand(page, title);
    for (const text of texts) {
      await page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: text }).first().waitFor({ state: 'visible', timeout: PICK_TIMEOUT_MS });
      await pick(page, text, text, PICK_TIMEOUT_MS);
    }
  });
}

/** Quick open (Ctrl+P), `typed`, and the row showing `text`: opens a file as a person would. */
export async function openWithQuickOpen(page: Page, text: string, typed = text): Promise<void> {
  await untilPicked(page, `Quick open of "${text}"`, async () => {
    await quickOpen(page);
    await pick(page, text, typed, PICK_TIMEOUT_MS);
  });
}

/**
 * Runs a command until `shown` becomes visible: a palette Enter can go unanswered while the
 * workbench is busy. Each miss is logged with the notifications the window showed meanwhile, so a
 * failure says why; after `attempts` misses it throws.
 */
export async function runCommandUntil(page: Page, title: string, shown: Locator, attempts = 3): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await runCommand(page, title);
    if (await shown.waitFor({ state: 'visible', timeout: 15_000 }).then(() => true, () => false)) return;
    const notes = (await page.locator('.notifications-toasts, .notifications-center').allInnerTexts()).join(' | ').replace(/\s+/g, ' ');
    console.error(`"${title}" ran (attempt ${attempt}) but its result did not show; notifications: ${notes || 'none'}`);
  }
  throw new Error(`"${title}" never showed its result after ${attempts} attempts.`);
}

/** What stops the workbench from taking input, in words: a modal dialog's text, else the notifications shown. */
async function blocker(page: Page): Promise<string> {
  const dialog = (await page.locator('.monaco-dialog-box').allInnerTexts()).join(' | ');
  const notes = (await page.locator('.notifications-toasts').allInnerTexts()).join(' | ');
  return (dialog ? `a dialog: ${dialog}` : `no dialog; notifications: ${notes || 'none'}`).replace(/\s+/g, ' ');
}

/** What has the keyboard focus: the focused element's tag and classes, for a failure's message. */
async function focused(page: Page): Promise<string> {
  // The page's DOM types are not in this project's lib: the function runs in the page.
  return page.evaluate(() => {
    const element = (globalThis as unknown as { document: { activeElement: { tagName: string; className: string } | null } }).document.activeElement;
    return element ? `${element.tagName.toLowerCase()} "${element.className}"` : 'nothing';
  });
}

/** Opens quick open (Ctrl+P), pressing again when a busy workbench let a press go unanswered. */
export async function quickOpen(page: Page, attempts = 3): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await page.keyboard.press('Control+P');
    if (await page.locator(`${QUICK_INPUT} input`).waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) return;
    console.error(`Quick open did not show (attempt ${attempt}; ${await blocker(page)})`);
    await page.keyboard.press('Escape');
  }
  throw new Error(`Quick open never showed after ${attempts} presses of Ctrl+P (${await blocker(page)}).`);
}

/**
 * Types into the open quick pick (or quick open, Ctrl+P) and accepts the row showing `text`. A
 * pick that follows another can take a while to show on a busy machine (once over 10 s in CI).
 */
export async function pick(page: Page, text: string, typed = text, timeout = 30_000): Promise<void> {
  const typedIn = await page
    .locator(`${QUICK_INPUT} input`)
    .fill(typed, { timeout })
    .then(() => true, () => false);
  if (!typedIn) throw new Error(`The quick pick did not take typing (${await blocker(page)}).`);
  if (!(await acceptRow(page, text, 10_000))) throw new Error(`The quick pick never offered "${text}".`);
}

/**
 * The document frame of the visible webview (inside `iframe.webview`, then its `#active-frame`).
 * Retries while VS Code swaps one editor's webview for another's (a frame can be detached midway).
 */
export async function webviewFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const outer = await page.locator('iframe.webview').last().elementHandle({ timeout: 30_000 });
      const outerFrame = await outer?.contentFrame();
      const inner = await outerFrame?.waitForSelector('#active-frame', { timeout: 5_000 });
      const frame = await inner?.contentFrame();
      if (frame) return frame;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error('No webview frame appeared within 30 s.');
    await page.waitForTimeout(250);
  }
}

/** Text of the status bar entries, on one line (icons split the text into elements). */
export async function statusBarText(page: Page): Promise<string> {
  return (await page.locator('.part.statusbar').innerText()).replace(/\s+/g, ' ');
}
