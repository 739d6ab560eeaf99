// Lighthouse's mobile preset (its default) on /e/<event> and on the minimal ImGui page, in turns,
// for the widget benchmark (issue 13): performance score, total blocking time, LCP, their ratios
// to the minimal page (software WebGL inflates the absolute times here), and every failing
// best-practices audit. Lighthouse comes from tests/bench/lighthouse (pinned by its
// package-lock.json, ./deltag setup); it drives Debian's chromium, never a downloaded one.
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LH_DIR = path.join(HERE, 'lighthouse');

async function load() {
  const require = createRequire(path.join(LH_DIR, 'package.json'));
  const lighthouse = (await import(pathToFileURL(require.resolve('lighthouse')).href)).default;
  const launcher = await import(pathToFileURL(require.resolve('chrome-launcher')).href);
  const version = require('lighthouse/package.json').version;
  return { lighthouse, launcher, version };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

// Every best-practices audit that counts and did not pass.
function failing(lhr) {
  return lhr.categories['best-practices'].auditRefs
    .map((ref) => lhr.audits[ref.id])
    .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable')
    .map((a) => a.id);
}

export async function lighthouseFigures(pages, chromiumArgs, runs = 3) {
  let lh;
  try {
    lh = await load();
  } catch (e) {
    console.log(`\n## Lighthouse: not installed in ${path.relative(process.cwd(), LH_DIR)} (./deltag setup), skipped (${e.message})`);
    return;
  }
  console.log(`\n## Lighthouse ${lh.version}, mobile preset (median of ${runs}, pages in turns)`);
  const chrome = await lh.launcher.launch({ chromePath: '/usr/bin/chromium',
    chromeFlags: ['--headless=new', ...chromiumArgs.filter((a) => a !== '--no-first-run'), '--no-first-run'] });
  const results = pages.map(() => []);
  try {
    for (let i = 0; i < runs; i += 1) {
      for (let k = 0; k < pages.length; k += 1) {
        const { lhr } = await lh.lighthouse(pages[k].url, { port: chrome.port, output: 'json', logLevel: 'error',
          onlyCategories: ['performance', 'best-practices'] });
        const value = (id) => (lhr.audits[id] && typeof lhr.audits[id].numericValue === 'number' ? lhr.audits[id].numericValue : NaN);
        results[k].push({ score: (lhr.categories.performance.score ?? NaN) * 100, tbt: value('total-blocking-time'),
          lcp: value('largest-contentful-paint'), bp: (lhr.categories['best-practices'].score ?? NaN) * 100, failing: failing(lhr),
          error: lhr.runtimeError ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`
            : ['largest-contentful-paint', 'total-blocking-time'].map((id) => lhr.audits[id] && lhr.audits[id].errorMessage).filter(Boolean).join('; ') });
      }
    }
  } finally {
    await chrome.kill();
  }
  const med = pages.map((p, k) => {
    const r = results[k];
    const m = { score: median(r.map((x) => x.score)), tbt: median(r.map((x) => x.tbt)), lcp: median(r.map((x) => x.lcp)) };
    const fails = [...new Set(r.flatMap((x) => x.failing))];
    console.log(`${p.label.padEnd(34)} performance ${m.score.toFixed(0)} (runs ${r.map((x) => x.score.toFixed(0)).join(', ')}), ` +
      `TBT ${m.tbt.toFixed(0)} ms, LCP ${m.lcp.toFixed(0)} ms, best practices ${r.map((x) => x.bp.toFixed(0)).join(', ')}; ` +
      `failing best-practices audits: ${fails.length ? fails.join(', ') : 'none'}${r.some((x) => x.error) ? `; errors ${r.map((x) => x.error).join(',')}` : ''}`);
    return m;
  });
  if (med.length === 2) {
    const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
    console.log(`ratio widget / minimal: performance score ${ratio(med[0].score, med[1].score)}, TBT ${ratio(med[0].tbt, med[1].tbt)}, LCP ${ratio(med[0].lcp, med[1].lcp)}`);
  }
}
