// report.mjs — the web report in a real browser: Debian's headless Chromium
// (/usr/bin/chromium) driven by playwright-core, and axe-core.
//
//   node tests/browser/report.mjs REPORT_DIR SHOTS_DIR FINDINGS
//
// For REPORT_DIR/index.html and REPORT_DIR/en/index.html, loaded from the
// file system (file://, no server): no console error and no failed request,
// every image loaded (complete, natural width > 0), FINDINGS findings
// (article.finding) each with its evidence table, one h1, the page's lang;
// axe-core (every rule of WCAG 2.0/2.1 A and AA, and best practices) finds
// no violation; a full-page screenshot and one of the first finding go to
// SHOTS_DIR, to be looked at.  Prints "N passed, M failed"; exit 1 on a failure.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, shots, findings] = process.argv.slice(2);
if (!dir || !shots || !findings) {
    console.error('usage: node report.mjs REPORT_DIR SHOTS_DIR FINDINGS');
    process.exit(2);
}
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
let pass = 0, fail = 0;
const check = (ok, what) => { if (ok) pass++; else { fail++; console.log(`FAIL: ${what}`); } };

const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
    // The two pages in parallel (one renderer each).  axe's colour-contrast
    // rule takes most of the time (about 20,000 table cells): it runs on the
    // whole French page, and on the English page outside the annex tables,
    // which the same code draws with the same style; every other rule runs
    // on both whole pages.
    await Promise.all([['fr', 'index.html'], ['en', 'en/index.html']].map(async ([lang, file]) => {
        const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
        const errors = [];
        page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
        page.on('pageerror', e => errors.push(String(e)));
        page.on('requestfailed', r => errors.push(`request failed: ${r.url()}`));
        const url = pathToFileURL(resolve(dir, file)).href;
        await page.goto(url, { waitUntil: 'load' });
        const info = await page.evaluate(() => ({
            lang: document.documentElement.lang,
            h1: document.querySelectorAll('h1').length,
            images: [...document.images].map(i => ({ src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0, alt: i.alt })),
            findings: [...document.querySelectorAll('article.finding')].map(a => ({
                id: a.id, heading: a.querySelector('h3')?.textContent ?? '',
                evidence: a.querySelectorAll('table tbody tr').length,
                category: a.querySelector('.category')?.textContent ?? '' })),
            tables: document.querySelectorAll('table').length,
            captions: document.querySelectorAll('table > caption').length,
        }));
        check(errors.length === 0, `${lang}: console errors: ${errors.join(' | ')}`);
        check(info.lang === lang, `${lang}: <html lang> is '${info.lang}'`);
        check(info.h1 === 1, `${lang}: ${info.h1} h1`);
        check(info.images.length > 0, `${lang}: no image`);
        for (const i of info.images) {
            check(i.ok, `${lang}: image not loaded: ${i.src}`);
            check(i.alt.length > 20, `${lang}: image without alt text: ${i.src}`);
        }
        check(info.findings.length === Number(findings), `${lang}: ${info.findings.length} findings, want ${findings}`);
        for (const f of info.findings) {
            check(f.heading.length > 0 && f.evidence > 0 && f.category.length > 0,
                  `${lang}: finding ${f.id} lacks its heading, evidence or convergence category`);
        }
        check(info.tables > 0 && info.tables === info.captions, `${lang}: ${info.tables} tables, ${info.captions} captions`);
        // keyboard: the first Tab reaches the skip link
        await page.keyboard.press('Tab');
        check(await page.evaluate(() => document.activeElement?.classList.contains('skip')),
              `${lang}: the first Tab does not reach the skip link`);
        await page.addScriptTag({ content: axeSource });
        const axe = await page.evaluate(async (whole) => {
            const show = r => r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target}`);
            if (whole)
                return show(await window.axe.run(document, { resultTypes: ['violations'] }));
            const all = await window.axe.run(document, { resultTypes: ['violations'], rules: { 'color-contrast': { enabled: false } } });
            const contrast = await window.axe.run({ include: [['body']], exclude: [['#annex-tables']] },
                                                  { resultTypes: ['violations'], runOnly: ['color-contrast'] });
            return show(all).concat(show(contrast));
        }, lang === 'fr');
        check(axe.length === 0, `${lang}: axe-core violations:\n  ${axe.join('\n  ')}`);
        await page.screenshot({ path: join(shots, `report-${lang}.png`), fullPage: false });
        const first = page.locator('article.finding').first();
        await first.scrollIntoViewIfNeeded();
        await first.screenshot({ path: join(shots, `finding-${lang}.png`) });
        await page.emulateMedia({ media: 'print' });
        await page.screenshot({ path: join(shots, `print-${lang}.png`) });
        await page.close();
    }));
} finally {
    await browser.close();
}
console.log(`browser: ${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
