import { describe, expect, it } from 'vitest';
import { defaultScope, scopeMode, validateScope, type Scope } from './scope.ts';

describe('the scope card mode', () => {
  it('is a classifier on cards that name none, and accepts one-class', () => {
    const scope = defaultScope();
    expect(scopeMode(scope)).toBe('classifier');
    expect(scopeMode({ ...scope, mode: 'one-class' })).toBe('one-class');
    expect(validateScope({ ...scope, mode: 'one-class' })).toEqual([]);
  });

  it('refuses a mode it does not know, naming the two it does', () => {
    const odd = { ...defaultScope(), mode: 'few-shot' } as unknown as Scope;
    expect(validateScope(odd)).toEqual(['The mode must be classifier or one-class, not "few-shot".']);
  });
});
