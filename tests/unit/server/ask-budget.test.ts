import { describe, expect, it } from 'vitest';
import { createAskBudget } from '../../../sync-server/relay/ask-budget.ts';

describe("an office relay's budget of questions about unknown tokens", () => {
  it('allows a minute’s worth per address at once, then one per interval', () => {
    const budget = createAskBudget(5, 30);
    for (let i = 0; i < 5; i++) expect(budget.take('10.0.0.7', 0)).toBe(true);
    expect(budget.take('10.0.0.7', 0)).toBe(false);
    expect(budget.take('10.0.0.7', 11_999)).toBe(false);
    expect(budget.take('10.0.0.7', 12_000)).toBe(true);
    // Another address is not held back by the first.
    expect(budget.take('10.0.0.8', 12_000)).toBe(true);
  });

  it('bounds all addresses together, and a refused question takes nothing from either', () => {
    const budget = createAskBudget(5, 12);
    let asked = 0;
    for (let a = 0; a < 10; a++)
      for (let i = 0; i < 10; i++) if (budget.take(`10.0.1.${a}`, 0)) asked++;
    expect(asked).toBe(12);
    // An address refused for want of the overall budget keeps its own: once the overall
    // bucket has one again (60 s / 12), a fresh address and a refused one each get one.
    for (let i = 0; i < 20; i++) expect(budget.take('10.0.2.1', 0)).toBe(false);
    expect(budget.take('10.0.2.1', 5000)).toBe(true);
    expect(budget.take('10.0.1.9', 10_000)).toBe(true);
    expect(budget.take('10.0.1.9', 10_000)).toBe(false);
  });

  it('says how long until a refused question can be taken, changing nothing', () => {
    const budget = createAskBudget(5, 30);
    expect(budget.wait('10.0.3.1', 0)).toBe(0);
    for (let i = 0; i < 5; i++) expect(budget.take('10.0.3.1', 0)).toBe(true);
    expect(budget.wait('10.0.3.1', 0)).toBe(12_000);
    expect(budget.wait('10.0.3.1', 0)).toBe(12_000);
    expect(budget.wait('10.0.3.1', 3000)).toBe(9000);
    expect(budget.take('10.0.3.1', 11_999)).toBe(false);
    expect(budget.take('10.0.3.1', 12_000)).toBe(true);
    // Held back by the overall bucket: its wait counts too.
    const small = createAskBudget(5, 2);
    expect(small.take('a', 0)).toBe(true);
    expect(small.take('b', 0)).toBe(true);
    expect(small.wait('c', 0)).toBe(30_000);
  });

  it('refills no further than a minute’s worth after a long pause', () => {
    const budget = createAskBudget(2, 30);
    expect(budget.take('a', 0)).toBe(true);
    expect(budget.take('a', 0)).toBe(true);
    const later = 10 * 60_000;
    expect(budget.take('a', later)).toBe(true);
    expect(budget.take('a', later)).toBe(true);
    expect(budget.take('a', later)).toBe(false);
  });
});
