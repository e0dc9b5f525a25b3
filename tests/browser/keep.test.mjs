// Nothing the user made is lost: the networks kept in this browser (a list:
// switch, delete with undo, start a new one), a link opened beside them and
// never over them, every note kept through a reload or a closed tab at any
// moment (the journal), a database of an older page moved into the list, an
// embed that never touches them, and the tune list that remembers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinMelodies, collectConsoleErrors, hpiano, openApp, pianoState, savedEntries, savedRecord, shareLink, until, useSiteInBrowser } from './harness.mjs';

const MELODIES = builtinMelodies();
const SIXTEEN = [60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60, 62];
const FRIEND = 'A friend’s <b>tune</b>';

const site = useSiteInBrowser();

const ready = (page) => page.evaluate(() => window.hebbianPiano.ready);
const press = (page, notes) => page.evaluate(async (list) => {
  for (const note of list) await window.hebbianPiano.press(note);
}, notes);
const rowOf = (page, name) => page.locator('#network-list li', { hasText: name });
// What makes two networks the same: what they learned and what they expect
// (state().thresholds are those of the last step's frame, not of a network just opened).
const essence = ({ learnedNotes, title, weights, prediction }) => ({ learnedNotes, title, weights, prediction });

// Presses keys and reloads in the same task: 0 ms for any save to land.
async function pressAndReload(page, notes) {
  const before = await page.evaluate((list) => {
    for (const note of list) window.hebbianPiano.press(note);
    return window.hebbianPiano.state();
  }, notes);
  await Promise.all([page.waitForEvent('load'), page.evaluate(() => location.reload())]);
  await page.waitForFunction(() => window.hebbianPiano);
  await ready(page);
  return before;
}

// A friend's network as a link: taught natively, titled.
function friendLink() {
  const dir = mkdtempSync(join(tmpdir(), 'hpiano-keep-'));
  const corpus = join(dir, 'friend.txt');
  writeFileSync(corpus, `${MELODIES[3].name}\t${MELODIES[3].notes.join(' ')}\n`);
  const net = join(dir, 'friend.hpn');
  hpiano('train', '--corpus', corpus, '--out', net, '--epochs', '1');
  return { fragment: hpiano('share', '--net', net, '--title', FRIEND).trim(), bytes: readFileSync(net) };
}

test('a link opens beside the user\'s network: both are in the list, and switching back gives every note', async () => {
  const friend = friendLink();
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  await press(page, SIXTEEN);
  await page.locator('#share-title').fill('My sixteen');
  const mine = await pianoState(page);
  assert.equal(mine.learnedNotes, 16);
  await page.close();

  // The tab is closed; the friend's link opens in a new one, and a key is pressed.
  const other = await context.newPage();
  const otherErrors = collectConsoleErrors(other);
  await other.goto(`${site.url}/#${friend.fragment}`);
  await ready(other);
  const opened = await pianoState(other);
  assert.equal(opened.title, FRIEND);
  assert.match(await other.locator('#message').textContent(), /Your own networks are kept/);
  await press(other, [67]);
  const entries = await until(() => savedEntries(other), (list) => list.length === 2 && list.some((entry) => entry.notes === opened.learnedNotes + 1),
    { what: 'both networks kept' });
  assert.deepEqual(entries.map((entry) => entry.title).sort(), [FRIEND, 'My sixteen'].sort());

  // The list shows both, titles as text.
  assert.equal(await other.locator('#network-list li').count(), 2);
  assert.equal(await other.locator('#network-list b').count(), 0, 'no markup from a title');
  assert.match(await rowOf(other, FRIEND).textContent(), /playing now · 1,?\d+ notes · just now · from a link/);
  assert.equal(await rowOf(other, FRIEND).getAttribute('aria-current'), 'true');
  assert.match(await rowOf(other, 'My sixteen').textContent(), /16 notes/);

  await rowOf(other, 'My sixteen').getByRole('button', { name: 'Open My sixteen' }).click();
  const back = await until(() => pianoState(other), (state) => state.title === 'My sixteen', { what: 'the switch back' });
  assert.deepEqual(essence(back), essence(mine), 'the 16 notes, exactly as they were');
  assert.equal(new URL(other.url()).hash, '', 'the address no longer names the friend\'s link');
  assert.match(await other.locator('#message').textContent(), /Now playing “My sixteen”/);

  // A reload stays on the network this tab shows.
  await other.reload();
  await ready(other);
  assert.equal((await pianoState(other)).title, 'My sixteen');

  // The friend's network, as it was left (one more note), is there too; opening the same link again
  // (a new fragment on this page: hashchange) finds it.
  await other.goto(`${site.url}/#${friend.fragment}`);
  const again = await until(() => pianoState(other), (state) => state.title === FRIEND, { what: 'the link opened again' });
  assert.equal(again.learnedNotes, opened.learnedNotes + 1);
  assert.match(await other.locator('#message').textContent(), /as you left it/);
  assert.equal((await savedEntries(other)).length, 2, 'no second copy of the same link');
  assert.deepEqual([...errors, ...otherErrors], []);
  await context.close();
});

test('delete asks nothing and can be undone; New network starts one beside the others', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  await press(page, [60, 62, 64]);
  await page.locator('#share-title').fill('First');
  await page.getByRole('button', { name: 'New network' }).click();
  await until(() => savedEntries(page), (list) => list.length === 2, { what: 'the new network in the list' });
  const fresh = await pianoState(page);
  assert.deepEqual([fresh.learnedNotes, fresh.title], [0, '']);
  await page.getByRole('button', { name: 'New network' }).click();
  await page.waitForTimeout(300);
  assert.equal((await savedEntries(page)).length, 2, 'New network on a fresh one makes no second fresh one');
  await press(page, [67, 65]);
  await page.locator('#share-title').fill('Second');
  await until(() => savedEntries(page), (list) => list.some((entry) => entry.title === 'Second' && entry.notes === 2), { what: 'the save' });

  // Deleting the network shown shows the other one.
  await rowOf(page, 'Second').getByRole('button', { name: 'Delete Second' }).click();
  await until(() => pianoState(page), (state) => state.title === 'First', { what: 'the other network' });
  await until(() => page.locator('#network-undo').textContent(), (text) => /Deleted “Second”/.test(text), { what: 'the undo line' });
  assert.deepEqual((await savedEntries(page)).map((entry) => entry.title), ['First']);
  await page.getByRole('button', { name: 'Undo' }).click();
  const restored = await until(() => pianoState(page), (state) => state.title === 'Second', { what: 'the undo' });
  assert.equal(restored.learnedNotes, 2);
  assert.deepEqual((await savedEntries(page)).map((entry) => entry.title).sort(), ['First', 'Second']);

  // Deleting the only network left gives a fresh one, kept once it learns.
  await rowOf(page, 'First').getByRole('button', { name: 'Delete First' }).click();
  await until(() => savedEntries(page), (list) => list.length === 1, { what: 'the delete' });
  await rowOf(page, 'Second').getByRole('button', { name: 'Delete Second' }).click();
  await until(() => savedEntries(page), (list) => list.length === 0, { what: 'the delete' });
  const left = await pianoState(page);
  assert.deepEqual([left.learnedNotes, left.title], [0, '']);
  assert.match(await page.locator('#network-list').textContent(), /untitled.*not kept until it learns/);
  await page.reload();
  await ready(page);
  assert.deepEqual(await savedEntries(page), [], 'a fresh network that learned nothing is not kept');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a reload at 0 ms keeps every note pressed, on a fresh network and on a saved one', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  // Fresh: nothing saved yet.
  const first = await pressAndReload(page, [60, 64, 67]);
  assert.equal(first.learnedNotes, 3);
  assert.deepEqual(essence(await pianoState(page)), essence(first));

  // Saved, then three more and a title: the journal holds what the save lacks.
  await until(() => savedRecord(page), (record) => record !== null, { what: 'the save' });
  await page.locator('#share-title').fill('Quick');
  const second = await pressAndReload(page, [62, 65, 69]);
  assert.equal(second.learnedNotes, 6);
  const after = await pianoState(page);
  assert.deepEqual(essence(after), essence(second));
  assert.equal(await page.locator('#share-title').inputValue(), 'Quick');

  // A tune taught, a temperature changed twice across a save, then a reload at 0 ms.
  await page.evaluate((notes) => window.hebbianPiano.learn(notes, { epochs: 1 }), MELODIES[0].notes);
  await page.locator('#param-temperature').evaluate((input) => {
    input.value = '0.5';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 1500)));
  await page.locator('#param-temperature').evaluate((input) => {
    input.value = '0.3';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const third = await pressAndReload(page, [71]);
  const now = await pianoState(page);
  assert.deepEqual(essence(now), essence(third));
  assert.equal(now.config.temperature, 0.3);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the notes and settings changed in one task are journaled once, not once a change', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  await press(page, [60]);
  const writes = await page.evaluate(async () => {
    const counted = [];
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key.startsWith('hebbian-piano:journal:')) counted.push(key);
      return setItem.call(this, key, value);
    };
    const input = /** @type {HTMLInputElement} */ (document.querySelector('#param-temperature'));
    for (const note of [62, 64, 65, 67, 69]) window.hebbianPiano.press(note);
    input.value = '0.4';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    Storage.prototype.setItem = setItem;
    return counted.length;
  });
  assert.equal(writes, 1);
  const before = await pianoState(page);
  await Promise.all([page.waitForEvent('load'), page.evaluate(() => location.reload())]);
  await page.waitForFunction(() => window.hebbianPiano);
  await ready(page);
  const after = await pianoState(page);
  assert.deepEqual(essence(after), essence(before));
  assert.equal(after.config.temperature, 0.4);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a tab closed right after a key keeps it: the next tab has it, saved or not', async () => {
  const { page, context } = await openApp(site.browser, `${site.url}/`);
  const pressAndClose = async (tab, notes) => {
    const before = await tab.evaluate((list) => {
      for (const note of list) window.hebbianPiano.press(note);
      return window.hebbianPiano.state();
    }, notes);
    await tab.close();
    const next = await context.newPage();
    const errors = collectConsoleErrors(next);
    await next.goto(`${site.url}/`);
    await ready(next);
    assert.deepEqual(essence(await pianoState(next)), essence(before));
    assert.deepEqual(errors, []);
    return next;
  };
  // Nothing saved yet, then a network saved before the key.
  const next = await pressAndClose(page, [60, 62]);
  await until(() => savedRecord(next), (record) => record !== null, { what: 'the save' });
  const last = await pressAndClose(next, [64]);
  assert.equal((await pianoState(last)).learnedNotes, 3);
  await context.close();
});

test('the network an older page kept moves into the list', async () => {
  const friend = friendLink();
  const context = await site.browser.newContext();
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  // The database as the page before the list left it: version 1, one record.
  await page.goto(`${site.url}/melodies/`);
  await page.evaluate((bytes) => new Promise((resolve, reject) => {
    const request = indexedDB.open('hebbian-piano', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('networks');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const transaction = request.result.transaction('networks', 'readwrite');
      transaction.objectStore('networks').put({ network: new Uint8Array(bytes), page: { tempo: 99 }, source: '', savedAt: 1e12 }, 'current');
      transaction.oncomplete = () => {
        request.result.close();
        resolve();
      };
    };
  }), [...friend.bytes]);
  await page.goto(`${site.url}/`);
  await page.waitForFunction(() => window.hebbianPiano);
  await ready(page);
  const state = await pianoState(page);
  assert.deepEqual([state.learnedNotes, state.tempo], [MELODIES[3].notes.length, 99]);
  const entries = await until(() => savedEntries(page), (list) => list[0]?.notes === MELODIES[3].notes.length, { what: 'its line filled in' });
  assert.equal(entries.length, 1);
  assert.match(await page.locator('#network-list').textContent(), new RegExp(`untitled.*playing now · ${MELODIES[3].notes.length} notes`));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link opened in an embed never touches the networks the page keeps', async () => {
  const friend = friendLink();
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  await press(page, [60, 62, 64]);
  const mine = await pianoState(page);
  const embed = await context.newPage();
  await embed.goto(`${site.url}/embed.html#${friend.fragment}&controls=full`);
  await embed.waitForFunction(() => window.hebbianPiano);
  await ready(embed);
  await press(embed, [67, 69]);
  await embed.evaluate(() => new Promise((resolve) => setTimeout(resolve, 1500)));
  await embed.close();
  await page.reload();
  await ready(page);
  assert.deepEqual(essence(await pianoState(page)), essence(mine));
  assert.deepEqual((await savedEntries(page)).map((entry) => entry.notes), [3]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the tune list shows every tune the network learned, after a reload too, and for a link', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  await page.locator('#epochs').fill('1');
  await page.locator('#epochs').dispatchEvent('change');
  const learnedRows = () => page.locator('.melody.taught .melody-title').allTextContents();
  const rows = page.locator('.melody');
  const titles = [];
  for (const index of [0, 2, 5]) {
    titles.push(await rows.nth(index).locator('.melody-title').textContent());
    await rows.nth(index).getByRole('button', { name: /^Teach/ }).click();
    await until(() => page.locator('#message').textContent(), (text) => text.includes(`Learned “${titles.at(-1)}”`), { what: 'the tune learned' });
  }
  assert.deepEqual(await learnedRows(), titles);
  await page.evaluate((notes) => window.hebbianPiano.learn(notes, { epochs: 2 }), MELODIES[0].notes);
  assert.match(await rows.nth(0).textContent(), /learned \(3×\)/, 'every hearing counts');
  assert.match(await rows.nth(2).textContent(), /learned \(1×\)/);

  await until(() => savedRecord(page), (record) => record !== null, { what: 'the save' });
  await page.reload();
  await ready(page);
  assert.deepEqual(await learnedRows(), titles, 'kept after a reload');

  // A link carries what it learned.
  const { link } = await shareLink(page);
  const other = await openApp(site.browser, link);
  assert.deepEqual(await other.page.locator('.melody.taught .melody-title').allTextContents(), titles);
  await other.context.close();

  await page.evaluate(() => window.hebbianPiano.reset());
  assert.deepEqual(await learnedRows(), [], 'a fresh network learned none');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a journal that does not line up with the saved network is dropped, and says so', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  await press(page, [60, 62]);
  await until(() => savedRecord(page), (record) => record !== null, { what: 'the save' });
  await page.evaluate(() => {
    const id = sessionStorage.getItem('hebbian-piano:current');
    const journal = { id, base: 99999, tail: btoa('\x3c'), title: 'never', page: {}, at: Date.now() + 60_000 };
    localStorage.setItem(`hebbian-piano:journal:${id}`, JSON.stringify(journal));
  });
  await page.reload();
  await ready(page);
  assert.match(await page.locator('#alert').textContent(), /could not be read back: here it is as last saved/);
  const state = await pianoState(page);
  assert.deepEqual([state.learnedNotes, state.title], [2, '']);
  await page.reload();
  await ready(page);
  assert.ok(await page.locator('#alert').isHidden(), 'said once');
  assert.deepEqual(errors, []);
  await context.close();
});
