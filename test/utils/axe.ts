import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs in the page: the rules broken, each with where. */
const AUDIT = `axe
  .run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })
  .then((result) => result.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`;

/**
 * What axe-core finds against WCAG 2.1 A and AA and its best practices (labels, names, landmarks, contrast) in
 * the page as it is shown now: one line per rule broken, with where. Loaded through the driver, not the page,
 * so the page's own Content-Security-Policy stays as strict as it is.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate<string[]>(AUDIT);
}
