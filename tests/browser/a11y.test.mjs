// Accessibility of the page (web/index.html) and the tutorial: axe-core finds
// no violation at desktop and phone sizes, and the page works from the
// keyboard alone (a skip link to the piano, its keys reachable and playable,
// focus visible on every stop). Site directory: $HPIANO_SITE, default build-wasm/site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, collectConsoleErrors, openApp, pianoState, until, useSiteInBrowser } from './harness.mjs';

const site = useSiteInBrowser();
const SIZES = [[1280, 800, 'desktop'], [390, 844, 'phone']];

const describe = (violations) => violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`).join('\n');

for (const [width, height, name] of SIZES) {
  test(`axe finds no violation on index.html at ${width}x${height} (${name}), fresh and after a tune is taught`, async () => {
    const { page, errors, context } = await openApp(site.browser, `${site.url}/`, { viewport: { width, height } });
    try {
      assert.deepEqual(await axeViolations(page), [], describe(await axeViolations(page)));
      await page.locator('#quick-teach').click();
      await page.waitForFunction(() => document.querySelector('.melody.taught'));
      const taught = await axeViolations(page);
      assert.deepEqual(taught, [], describe(taught));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`axe finds no violation on the tutorial at ${width}x${height} (${name}), its live networks included`, async () => {
    const context = await site.browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    try {
      await page.goto(`${site.url}/examples/tutorial.html`);
      // Both live networks drawn: their frames have a caption.
      await page.waitForFunction(() => document.querySelector('#lesson-frame')?.contentDocument?.querySelector('#neuron-caption')?.textContent);
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], describe(violations));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

// axe leaves a bare canvas alone (it is not an image to it), but a screen
// reader then says nothing of the view: each canvas is an image named for what it draws.
test('every view on index.html is an image with a name saying what it shows (as the embed\'s are)', async () => {
  for (const file of ['index.html', 'embed.html']) {
    const { page, errors, context } = await openApp(site.browser, `${site.url}/${file}`);
    try {
      const canvases = await page.locator('canvas').evaluateAll((all) => all.map((canvas) => ({
        id: canvas.id, role: canvas.getAttribute('role'), name: canvas.getAttribute('aria-label') ?? '',
      })));
      assert.ok(canvases.length >= (file === 'index.html' ? 7 : 2), `${file}'s views`);
      for (const { id, role, name } of canvases) {
        assert.equal(role, 'img', `${file} #${id} is an image`);
        assert.ok(name.length >= 12, `${file} #${id} has a name: "${name}"`);
        assert.equal(await page.getByRole('img', { name, exact: true }).count(), 1, `${file} #${id} found by its name`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

test('keyboard only: the skip link leads to the piano, whose keys arrows move along and Enter or Space plays', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  try {
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ text: document.activeElement.textContent, visible: document.activeElement.getBoundingClientRect().top >= 0 }));
    assert.equal(first.text, 'Skip to the piano keyboard', 'the first Tab stop is the skip link');
    assert.ok(first.visible, 'the skip link shows when focused');
    await page.keyboard.press('Enter');
    const focused = () => page.evaluate(() => document.activeElement.querySelector('.key-label')?.textContent);
    assert.equal(await focused(), 'C4', 'the skip link lands on a key');
    await page.keyboard.press('Enter');
    let state = await until(() => pianoState(page), (s) => s.learnedNotes === 1, { what: 'C4 played by Enter' });
    assert.equal(state.fired.indexOf(1), 0, 'C fired');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'D4');
    await page.keyboard.press('Space');
    state = await until(() => pianoState(page), (s) => s.learnedNotes === 2, { what: 'D4 played by Space' });
    assert.equal(state.fired.indexOf(1), 2, 'D fired');
    await page.keyboard.press('ArrowUp');
    assert.equal(await focused(), 'D5', 'ArrowUp goes an octave up');
    // One key is one Tab stop: Tab leaves the keyboard, Shift+Tab comes back to the key last focused.
    await page.keyboard.press('Tab');
    assert.notEqual(await page.evaluate(() => document.activeElement.classList.contains('key')), true);
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), 'D5');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('keyboard only: every Tab stop of the page shows a visible focus ring, clear of the sticky transport', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  try {
    const seen = new Set();
    const bare = [];
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const element = document.activeElement;
        if (!element || element === document.body) return null;
        const style = getComputedStyle(element);
        const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
        const name = `${element.tagName.toLowerCase()}#${element.id}.${element.className}[${element.getAttribute('aria-label') ?? element.textContent.trim().slice(0, 20)}]`;
        const box = element.getBoundingClientRect();
        // Not hidden under the sticky transport (unless it is part of it).
        const bar = document.getElementById('transport-bar');
        const barBox = bar.getBoundingClientRect();
        const clear = bar.contains(element) || box.bottom <= barBox.top + 1 || box.top >= barBox.bottom - 1;
        return { name, ring, matches: element.matches(':focus-visible'), shown: box.width > 0 && box.height > 0 && clear };
      });
      if (!stop || seen.has(stop.name)) break;
      seen.add(stop.name);
      if (!(stop.ring && stop.matches && stop.shown)) bare.push(stop.name);
    }
    assert.ok(seen.size > 30, `${seen.size} Tab stops reached`);
    assert.deepEqual(bare, [], 'focus stops without a visible ring, or under the transport');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
