import { describe, expect, it } from 'vitest';
import { remembered } from '@domain/remembered.ts';

describe('remembered', () => {
  it('works out each input once while it has room, undefined answers too', () => {
    const calls: string[] = [];
    const f = remembered((s: string) => {
      calls.push(s);
      return s === 'none' ? undefined : s.length;
    }, 3);
    expect([f('a'), f('bb'), f('a'), f('none'), f('none'), f('bb')]).toEqual([
      1,
      2,
      1,
      undefined,
      undefined,
      2,
    ]);
    expect(calls).toEqual(['a', 'bb', 'none']);
  });

  it('forgets everything when full and starts again', () => {
    const calls: string[] = [];
    const f = remembered((s: string) => {
      calls.push(s);
      return s.toUpperCase();
    }, 2);
    expect([f('a'), f('b'), f('c'), f('a'), f('c')]).toEqual(['A', 'B', 'C', 'A', 'C']);
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
