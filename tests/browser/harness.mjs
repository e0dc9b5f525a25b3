// Shared helpers for the browser tests (node --test tests/browser/):
// a static file server, headless Chromium through playwright-core, a
// collector of the page's console errors, the native hpiano, and opening the
// page ready to be driven through window.hebbianPiano.
import { after, before } from 'node:test';
import { createServer } from 'node:http';
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { hpiano, parseCorpus, root as REPO_ROOT } from '../wasm/core-module.mjs';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.mid': 'audio/midi',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.hpn': 'application/octet-stream',
};

const BLANK_PAGE = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>test</title>';

// Serves rootDir on 127.0.0.1 at a free port chosen by the system. A
// directory is served as its index.html, or as an empty page if it has none
// (so tests can page.goto(url + '/') and import modules from there). Like any
// static host, it answers 404 for a file that is not there: a page without its
// own icon would show the browser's /favicon.ico request as a console error.
export async function startServer(rootDir) {
  const root = resolve(rootDir);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
        if (!info) {
          response.writeHead(200, { 'Content-Type': CONTENT_TYPES['.html'] }).end(BLANK_PAGE);
          return;
        }
      }
      // As public static hosts do (GitHub Pages), any origin may load the
      // files: a page elsewhere imports hebbian-piano.js as a module.
      response.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-store',
        'Access-Control-Allow-Origin': '*',
      });
      createReadStream(file).pipe(response);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

// For a test file: serves the built site and starts a browser before its tests,
// then runs setUp (if given; node runs a file's top-level before hooks
// concurrently, so whatever needs the browser belongs in setUp), and closes both
// after them. Returns { url, browser }, filled in once the hook has run.
export function useSiteInBrowser(setUp = async () => {}) {
  const site = { url: '', browser: null };
  let server;
  before(async () => {
    server = await startServer(SITE);
    site.url = server.url;
    site.browser = await launchBrowser();
    await setUp();
  });
  after(async () => {
    await site.browser?.close();
    await server?.close();
  });
  return site;
}

// Headless Debian Chromium. playwright-core adds --headless, --no-sandbox and
// --mute-audio itself; --user-data-dir must not be passed (launch() makes a
// fresh profile). Sound starts without a click unless `autoplayPolicy` says
// otherwise ('user-gesture-required': as a site that gives an embed's frame
// no allow="autoplay", or a page not clicked yet).
export async function launchBrowser({ autoplayPolicy = 'no-user-gesture-required' } = {}) {
  return chromium.launch({
    executablePath: process.env.HPIANO_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--autoplay-policy=${autoplayPolicy}`,
    ],
  });
}

// An array that fills with the page's console errors (with their source URL
// when there is one, e.g. a resource that failed to load) and uncaught exceptions.
export function collectConsoleErrors(page) {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    errors.push(url ? `${message.text()} (${url})` : message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}

export { hpiano, REPO_ROOT };
// The built site: $HPIANO_SITE, default build-wasm/site.
export const SITE = resolve(REPO_ROOT, process.env.HPIANO_SITE ?? 'build-wasm/site');

// A page in a context of its own (its own IndexedDB), opened at `url` and
// ready: window.hebbianPiano.ready has resolved. `routes`: [[pattern, handler]]
// answered by the test instead of the server.
export async function openApp(browser, url, { viewport = { width: 1280, height: 800 }, initScript, routes = [] } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  if (initScript) await context.addInitScript(initScript);
  for (const [pattern, handler] of routes) await context.route(pattern, handler);
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  await page.goto(url);
  await page.waitForFunction(() => window.hebbianPiano);
  await page.evaluate(() => window.hebbianPiano.ready);
  return { page, errors, context };
}

export const pianoState = (page) => page.evaluate(() => window.hebbianPiano.state());

// Polls read() until check(value) holds; returns that value.
export async function until(read, check, { timeout = 5000, what = 'a condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

// Built-in melodies of the site: [{name, notes}].
export function builtinMelodies() {
  return parseCorpus(readFileSync(resolve(SITE, 'melodies/builtin.txt'), 'utf8'));
}

// Visible elements that stick out past the viewport's width, outside the
// keyboard's own horizontal scroller.
export async function overflowing(target) {
  return target.evaluate(() => {
    const width = window.innerWidth;
    const bad = [];
    if (document.documentElement.scrollWidth > width) bad.push(`document ${document.documentElement.scrollWidth} > ${width}`);
    for (const element of document.querySelectorAll('body *')) {
      if (element.closest('.keyboard-scroller') && !element.matches('.keyboard-scroller')) continue;
      const box = element.getBoundingClientRect();
      if (!box.width || !box.height || getComputedStyle(element).visibility === 'hidden') continue;
      if (box.right > width + 0.5 || box.left < -0.5) bad.push(`${element.tagName}.${element.className} ${box.left}..${box.right}`);
    }
    return bad;
  });
}

// The networks the page keeps (web/storage.js), read from the page. savedRecord:
// the record of the network this tab shows, {savedAt, bytes (of the network),
// source, page} or null; savedEntries: the list's entries, most recent first.
const readKept = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const request = indexedDB.open('hebbian-piano');
  request.onerror = () => reject(request.error);
  request.onsuccess = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains('entries')) {
      db.close();
      resolve({ record: null, entries: [] });
      return;
    }
    const transaction = db.transaction(['networks', 'entries']);
    const id = sessionStorage.getItem('hebbian-piano:current');
    const record = id ? transaction.objectStore('networks').get(id) : null;
    const entries = transaction.objectStore('entries').getAll();
    transaction.oncomplete = () => {
      db.close();
      const { savedAt, network, source, page } = record?.result ?? {};
      resolve({
        record: record?.result ? { savedAt, bytes: network.length, source, page } : null,
        entries: entries.result.sort((a, b) => b.changedAt - a.changedAt),
      });
    };
  };
}));
export const savedRecord = async (page) => (await readKept(page)).record;
export const savedEntries = async (page) => (await readKept(page)).entries;

// The link the page's Share button makes now, and its payload (before deflate).
export async function shareLink(page) {
  await page.locator('#share-link').evaluate((input) => (input.value = ''));
  await page.locator('#share-button').click();
  const link = await until(() => page.locator('#share-link').inputValue(), (value) => value.length > 0, { what: 'the link' });
  const payload = inflateRawSync(Buffer.from(link.split('#net=')[1], 'base64url'));
  return { link, payload };
}

// axe-core (node_modules/axe-core) run on the page as it is now: its rules'
// violations, each as {id, impact, help, targets}. axe is put in every frame
// (an embed's iframe too), so the check covers what the frames show as well;
// `options` are axe.run's (e.g. {runOnly: [...]}), `context` what to check.
const AXE_SOURCE = resolve(REPO_ROOT, 'node_modules/axe-core/axe.min.js');
export async function axeViolations(page, { context = 'document', options = {} } = {}) {
  for (const frame of page.frames()) await frame.addScriptTag({ path: AXE_SOURCE });
  const violations = await page.evaluate(async ({ where, settings }) => {
    const result = await window.axe.run(where === 'document' ? document : where, { resultTypes: ['violations'], ...settings });
    return result.violations;
  }, { where: context, settings: options });
  return violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}
