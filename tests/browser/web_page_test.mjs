// The web page of `karta serve`, driven in Debian's headless Chromium through playwright-core:
// open the page, type a query, click a facet, check that every count the page shows equals
// the API's, page on, open a measure and its similar measures, open a heatmap, share a view by
// its address. Usage: node web_page_test.mjs KARTA_BINARY CORPUS_DIR [SCREENSHOT.png] (the
// corpus is indexed into a temporary directory first).
// Bounded: the server stops by itself after --lifetime, every wait has a timeout.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const [karta, corpus, screenshot] = process.argv.slice(2);
if (!karta || !corpus) {
  console.error('usage: node web_page_test.mjs KARTA_BINARY CORPUS_DIR [SCREENSHOT.png]');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'karta-web-'));
const db = join(work, 'db');
const indexed = spawnSync(karta, ['index', '--db', db, corpus], { encoding: 'utf8', timeout: 120000 });
if (indexed.status !== 0) {
  console.error('karta index failed:', indexed.stderr);
  process.exit(1);
}

function startServer() {
  const child = spawn(karta, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--lifetime', '120', '-q'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('karta serve did not start: ' + out)), 20000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) { clearTimeout(timer); resolve({ child, base: `http://127.0.0.1:${m[1]}` }); }
    });
    child.on('exit', (code) => reject(new Error(`karta serve exited with ${code}: ${out}`)));
  });
}

const { child, base } = await startServer();
const api = async (path) => (await fetch(base + path)).json();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // The counts the page shows: total and every facet value.
  const shown = () => page.evaluate(() => {
    const facets = {};
    for (const block of document.querySelectorAll('.facet[data-facet]')) {
      facets[block.dataset.facet] = [...block.querySelectorAll('button[data-facet]')]
        .map((b) => ({ value: b.dataset.value, count: Number(b.querySelector('.count').textContent) }));
    }
    return { total: Number(document.querySelector('#total').dataset.total), facets,
      hits: document.querySelectorAll('.hit:not(.related)').length,
      related: [...document.querySelectorAll('.hit.related')].map((a) => a.dataset.id) };
  });
  const expectMatchesApi = async (query) => {
    const r = await api('/api/search?' + query + '&facets=1&limit=20');
    const s = await shown();
    assert.equal(s.total, r.total, 'total for ' + query);
    assert.equal(s.hits, Math.min(20, r.total), 'hits shown for ' + query);
    // After the last match, the measures like the best ones, as the API lists them.
    assert.deepEqual(s.related, (r.related || []).map((h) => h.id), 'related for ' + query);
    for (const name of ['region', 'sphere', 'agency', 'year', 'kind']) {
      assert.deepEqual(s.facets[name], (r.facets[name] || []).map((v) => ({ value: String(v.value), count: v.count })),
        `facet ${name} for ${query}`);
    }
    return r;
  };
  const settled = async (action) => {
    const before = await page.evaluate(() => document.body.dataset.ready || '');
    await action();
    await page.waitForFunction((b) => (document.body.dataset.ready || '') !== b, before);
  };

  // Open the page (every measure), type a query.
  await page.goto(base + '/');
  await page.waitForSelector('#total');
  await expectMatchesApi('');
  await settled(async () => { await page.fill('#q', 'спорт'); await page.press('#q', 'Enter'); });
  assert.match(page.url(), /q=%D1%81%D0%BF%D0%BE%D1%80%D1%82/);
  const sport = await expectMatchesApi('q=' + encodeURIComponent('спорт'));
  assert.ok(sport.total > 0);
  assert.ok(await page.locator('.hit b').count() > 0, 'matches highlighted');

  // Click a facet: the region with most matches; then a second filter, the plans only.
  const region = sport.facets.region[0].value;
  await settled(() => page.click(`.facet[data-facet=region] button[data-value="${region}"]`));
  const filtered = await expectMatchesApi(`q=${encodeURIComponent('спорт')}&region=${encodeURIComponent(region)}`);
  assert.ok(filtered.total < 20 && filtered.related.length > 0, 'a short list is followed by related measures');
  assert.equal(filtered.total, sport.facets.region[0].count, 'the facet count is what clicking it finds');
  assert.equal(await page.locator('.chip').count(), 1);
  await settled(() => page.click('.facet[data-facet=kind] button[data-value="plan"]'));
  await expectMatchesApi(`q=${encodeURIComponent('спорт')}&region=${encodeURIComponent(region)}&kind=plan`);
  // The agency side narrows the agency facet.
  await settled(() => page.selectOption('#side', 'spb'));
  await expectMatchesApi(`q=${encodeURIComponent('спорт')}&region=${encodeURIComponent(region)}&kind=plan&side=spb`);
  // Remove the filters again by their chips.
  while (await page.locator('.chip button').count()) await settled(() => page.locator('.chip button').first().click());
  await expectMatchesApi('q=' + encodeURIComponent('спорт'));

  // A shared link opens the same view; paging goes on from it.
  const shared = await browser.newPage();
  await shared.goto(base + '/?view=search&q=' + encodeURIComponent('обмен опытом'));
  await shared.waitForSelector('#total');
  const exchange = await api('/api/search?q=' + encodeURIComponent('обмен опытом') + '&limit=20');
  assert.equal(Number(await shared.locator('#total').getAttribute('data-total')), exchange.total);
  if (exchange.total > 20) {
    const before = await shared.evaluate(() => document.body.dataset.ready);
    await shared.click('button[data-offset="20"]');
    await shared.waitForFunction((b) => document.body.dataset.ready !== b, before);
    const next = await api('/api/search?q=' + encodeURIComponent('обмен опытом') + '&limit=20&offset=20');
    assert.equal(await shared.locator('.hit').first().getAttribute('data-id'), next.hits[0].id);
  }
  await shared.close();

  // Open a measure: its fields and the similar measures of other regions.
  await settled(() => page.fill('#q', 'спортсмены').then(() => page.press('#q', 'Enter')));
  const firstId = await page.locator('.hit').first().getAttribute('data-id');
  await settled(() => page.locator('.hit .measure-link').first().click());
  await page.waitForSelector('#measure');
  assert.equal(await page.locator('#measure').getAttribute('data-id'), firstId);
  await page.waitForSelector('#similar table');
  const similar = await api(`/api/similar/${encodeURIComponent(firstId)}?scope=other-regions&limit=10`);
  assert.equal(await page.locator('#similar tr').count(), similar.hits.length + 1);
  const measure = await api('/api/measures/' + encodeURIComponent(firstId));
  assert.ok((await page.locator('table.fields').textContent()).includes(measure.text));

  // The heatmaps: an SVG image that loaded, with downloads of the same view.
  await settled(() => page.click('nav a[data-view=agencies]'));
  await page.waitForFunction(() => { const i = document.querySelector('#heatmap'); return i && i.complete && i.naturalWidth > 0; });
  const csvHref = await page.locator('#download-csv').getAttribute('href');
  const csv = await (await fetch(base + csvHref)).text();
  assert.match(csv, /^agency,side,total,/);
  await settled(() => page.click('nav a[data-view=overlap]'));
  await page.waitForFunction(() => { const i = document.querySelector('#heatmap'); return i && i.complete && i.naturalWidth > 0; });

  // A bad query shows the API's message.
  await page.goto(base + '/?view=search&q=' + encodeURIComponent('((('));
  await page.waitForSelector('#error');
  const bad = await (await fetch(base + '/api/search?q=' + encodeURIComponent('((('))).json();
  assert.equal(await page.locator('#error').textContent(), bad.error.message);

  assert.deepEqual(errors, [], 'no script errors');
  if (screenshot) {
    await page.goto(base + '/?view=search&q=' + encodeURIComponent('спортсмены'));
    await page.waitForSelector('.hit');
    await page.screenshot({ path: screenshot });
  }
  console.log('web page test passed');
} catch (err) {
  failed = true;
  console.error('web page test failed:', err);
} finally {
  await browser.close();
  child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
