// The page's live learning curve: how often the network's top guess was the
// note it then heard, as it learns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinMelodies, openApp, until, useSiteInBrowser } from './harness.mjs';

const site = useSiteInBrowser();

test('the curve counts what it heard and rises as a repeated tune is learned', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  const caption = () => page.locator('#curve-caption').textContent();
  assert.match(await caption(), /Play or teach a few notes/);

  // Pressed once, a phrase is new: few guesses can be right.
  const phrase = builtinMelodies()[0].notes.slice(0, 25);
  for (const note of phrase) await page.evaluate((midi) => window.hebbianPiano.press(midi), note);
  // The caption is redrawn on the next animation frame.
  const first = await until(caption, (text) => /25 notes heard in all/.test(text), { what: '25 notes heard' });
  const firstShare = Number(first.match(/expected (\d+)% right/)[1]);
  // Pressed again, it knows what follows each context of the phrase.
  for (const note of phrase) await page.evaluate((midi) => window.hebbianPiano.press(midi), note);
  const second = await until(caption, (text) => /50 notes heard in all/.test(text), { what: '50 notes heard' });
  assert.ok(Number(second.match(/expected (\d+)% right/)[1]) > firstShare + 20, `${first} / ${second}`);
  assert.deepEqual(errors, []);
  await context.close();
});
