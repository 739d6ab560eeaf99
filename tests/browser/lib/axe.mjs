// Runs axe-core in any engine by evaluating its source in the page (no engine-specific axe package),
// with the WCAG 2.0/2.1/2.2 A and AA rule tags. Returns the violations, compactly.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function runAxe(page) {
  await page.evaluateSource(`(function () { if (!window.axe) { ${AXE_SOURCE}\n } return !!window.axe; })()`);
  return page.evaluateSource(`window.axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} },
    resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })) })))`);
}

// A readable one-line-per-node account of violations, for assertion messages.
export function formatViolations(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target}: ${n.summary}`).join('\n')}`).join('\n');
}
