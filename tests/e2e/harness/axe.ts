// Runs axe-core (from node_modules) inside a page and returns the serious and
// critical violations, each as "rule-id: target, target…" for a readable failure;
// or only the colour-contrast violations inside one element (e.g. the scan viewer).
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.ts';

const AXE_PATH = join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly nodes: readonly { readonly target: readonly unknown[] }[];
}

interface AxeFindings {
  readonly violations: readonly AxeViolation[];
  /** What axe could not decide, e.g. text the same colour as its ground ("needs review"). */
  readonly incomplete: readonly AxeViolation[];
}

/** Serious and critical violations of every rule, over the whole page. */
export async function seriousViolations(page: Page): Promise<string[]> {
  return serious((await runAxe(page, null)).violations);
}

/**
 * Colour-contrast violations (of any impact) inside the elements `selector`
 * matches, e.g. a dialog drawn on its own dark ground. What axe leaves
 * undecided counts too: it calls white text on a white button "needs review"
 * (it might be hidden on purpose), and a person cannot read it either.
 */
export async function contrastViolations(page: Page, selector: string): Promise<string[]> {
  const found = await runAxe(page, { selector, rules: ['color-contrast'] });
  return [...found.violations, ...found.incomplete].map(summary);
}

interface Scope {
  readonly selector: string;
  readonly rules: readonly string[];
}

async function runAxe(page: Page, scope: Scope | null): Promise<AxeFindings> {
  const loaded = await page.evaluate(() => 'axe' in window);
  // Evaluated over the DevTools protocol, not as a <script> tag: the app's CSP allows no
  // script from anywhere but its own files, and a tag would be refused.
  if (!loaded) await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  return page.evaluate(async (scope) => {
    const axe = (
      window as unknown as { axe: { run(ctx: unknown, options?: unknown): Promise<unknown> } }
    ).axe;
    const result = (await (scope === null
      ? axe.run(document)
      : axe.run(
          { include: [scope.selector] },
          { runOnly: { type: 'rule', values: scope.rules } },
        ))) as { violations: AxeViolation[]; incomplete: AxeViolation[]; passes: unknown[] };
    // No rule passing, failing or undecided anywhere would mean axe looked at nothing.
    if (result.passes.length + result.violations.length + result.incomplete.length === 0)
      throw new Error('axe checked nothing');
    const plain = (list: AxeViolation[]): AxeViolation[] =>
      list.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String) })),
      }));
    return { violations: plain(result.violations), incomplete: plain(result.incomplete) };
  }, scope);
}

function serious(violations: readonly AxeViolation[]): string[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(summary);
}

function summary(v: AxeViolation): string {
  return `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`;
}
