import { describe, expect, it } from 'vitest';
import { planBatch, sha256Hex } from './dedup.ts';
import type { IncomingImage } from './dedup.ts';

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vectors', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(await sha256Hex(new Uint8Array(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('hashes only the bytes a subarray view covers', async () => {
    const big = new TextEncoder().encode('xxabcyy');
    expect(await sha256Hex(big.subarray(2, 5))).toBe(await sha256Hex(new TextEncoder().encode('abc')));
  });
});

describe('planBatch', () => {
  const img = (key: string, sha256: string, label: string | null): IncomingImage => ({ key, sha256, label });

  it('accepts new content and files stored content as duplicates of the existing copy', () => {
    const existing = new Map([
      ['h1', { label: 'good' }],
      ['h2', { label: 'bad' }],
    ]);
    const plan = planBatch(existing, [img('a', 'h1', 'good'), img('b', 'h2', null), img('c', 'h3', 'bad')]);
    expect(plan.accepted).toEqual([img('c', 'h3', 'bad')]);
    expect(plan.duplicates).toEqual([
      { ...img('a', 'h1', 'good'), of: { source: 'existing' }, adoptLabel: null },
      { ...img('b', 'h2', null), of: { source: 'existing' }, adoptLabel: null },
    ]);
    expect(plan.conflicts).toEqual([]);
  });

  it('reports both labels when stored content arrives with a different label', () => {
    const plan = planBatch(new Map([['h1', { label: 'good' }]]), [img('a', 'h1', 'bad')]);
    expect(plan.conflicts).toEqual([
      { ...img('a', 'h1', 'bad'), of: { source: 'existing' }, otherLabel: 'good' },
    ]);
    expect(plan.accepted).toEqual([]);
    expect(plan.duplicates).toEqual([]);
  });

  it('offers a label to an unlabelled stored copy once, then judges later copies against it', () => {
    const plan = planBatch(new Map([['h1', { label: null }]]), [
      img('a', 'h1', 'bad'),
      img('b', 'h1', 'bad'),
      img('c', 'h1', 'good'),
      img('d', 'h1', null),
    ]);
    expect(plan.duplicates.map((d) => [d.key, d.adoptLabel])).toEqual([
      ['a', 'bad'],
      ['b', null],
      ['d', null],
    ]);
    expect(plan.conflicts).toEqual([
      { ...img('c', 'h1', 'good'), of: { source: 'existing' }, otherLabel: 'bad' },
    ]);
  });

  it('keeps the first copy within a batch and names it for later copies', () => {
    const plan = planBatch(new Map(), [
      img('a', 'h', 'good'),
      img('b', 'h', 'good'),
      img('c', 'h', null),
      img('d', 'h', 'bad'),
    ]);
    expect(plan.accepted).toEqual([img('a', 'h', 'good')]);
    expect(plan.duplicates.map((d) => [d.key, d.of])).toEqual([
      ['b', { source: 'batch', key: 'a' }],
      ['c', { source: 'batch', key: 'a' }],
    ]);
    expect(plan.conflicts).toEqual([
      { ...img('d', 'h', 'bad'), of: { source: 'batch', key: 'a' }, otherLabel: 'good' },
    ]);
  });

  it('lets an unlabelled first copy take the label of a later identical one', () => {
    const input = [img('a', 'h', null), img('b', 'h', 'bad'), img('c', 'h', 'good')];
    const plan = planBatch(new Map(), input);
    expect(plan.accepted).toEqual([img('a', 'h', 'bad')]);
    expect(plan.duplicates).toEqual([
      { ...img('b', 'h', 'bad'), of: { source: 'batch', key: 'a' }, adoptLabel: null },
    ]);
    expect(plan.conflicts.map((c) => [c.key, c.otherLabel])).toEqual([['c', 'bad']]);
    expect(input[0]?.label).toBeNull();
  });

  it('puts every incoming key in exactly one list', () => {
    const existing = new Map([['h0', { label: 'good' }]]);
    const incoming = Array.from({ length: 50 }, (_, k) =>
      img(`k${k}`, `h${k % 7}`, k % 3 === 0 ? null : k % 2 ? 'good' : 'bad'),
    );
    const plan = planBatch(existing, incoming);
    const keys = [...plan.accepted, ...plan.duplicates, ...plan.conflicts].map((i) => i.key).sort();
    expect(keys).toEqual(incoming.map((i) => i.key).sort());
    expect(plan.accepted).toHaveLength(6);
  });
});
