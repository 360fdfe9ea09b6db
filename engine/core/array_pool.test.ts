// Note [Recycled arrays]: freed storages hand their arrays to the next
// allocation of the same array type and length, zero-filled; the ledger still
// counts every storage; a freed storage keeps no array to read.
import { beforeEach, expect, it } from 'vitest';
import { ledger } from '../memory/ledger.ts';
import { clearArrayPool } from './array_pool.ts';
import { Storage } from './storage.ts';
import { Tensor } from './tensor.ts';
import { add } from '../ops/pointwise_binary.ts';

beforeEach(() => clearArrayPool());

const N = 4096; // 16 KiB of float32: large enough to pool

function used(dtype: 'float32' | 'float64' | 'int64', n = N): Storage {
  const s = Storage.allocate(dtype, n);
  s.retain();
  s.data.fill(7);
  return s;
}

it('gives a freed array to the next allocation of its type and length, zero-filled', () => {
  const a = used('float32');
  const array = a.data;
  a.release();
  const b = Storage.allocate('float32', N);
  expect(b.data).toBe(array);
  expect(b.data.every((v) => v === 0)).toBe(true);
});

it('hands a recycled array over unfilled to a caller that overwrites it, and elementwise results do not see old values', () => {
  const x = Tensor.empty([N], 'float32');
  x.retain();
  const a = used('float32');
  const array = a.data;
  a.release();
  const b = Storage.allocate('float32', N, false);
  expect(b.data).toBe(array);
  expect(b.data[0]).toBe(7);
  b.retain();
  b.release();
  const y = add(x, x); // its output takes the recycled array, holding 7s
  expect(y.storage.data).toBe(array);
  expect(y.storage.data.every((v) => v === 0)).toBe(true);
  x.release();
});

it('shares arrays between dtypes stored alike (int64 and float64), zero-filled', () => {
  const a = used('float64');
  const array = a.data;
  a.release();
  const b = Storage.allocate('int64', N);
  expect(b.data).toBe(array);
  expect(b.data.every((v) => v === 0)).toBe(true);
});

it('never reuses an array of another length or type', () => {
  const a = used('float32');
  const array = a.data;
  a.release();
  expect(Storage.allocate('float32', N + 1).data).not.toBe(array);
  expect(Storage.allocate('float64', N).data).not.toBe(array);
});

it('empties a freed storage, keeping its size and bytes', () => {
  const a = used('float32');
  a.release();
  expect(a.freed).toBe(true);
  expect(a.data.length).toBe(0);
  expect(a.size).toBe(N);
  expect(a.nbytes).toBe(4 * N);
});

it('leaves arrays a caller handed over alone', () => {
  const mine = new Float32Array(N).fill(3);
  const s = Storage.fromArray('float32', mine);
  s.retain();
  s.release();
  expect(Storage.allocate('float32', N).data).not.toBe(mine);
  expect(mine.every((v) => v === 3)).toBe(true);
});

it('changes nothing in the ledger: every storage is counted on allocation and removed on free', () => {
  const before = ledger.stats();
  const a = used('float32');
  a.release();
  const b = used('float32');
  const during = ledger.stats();
  expect(during.allocated - before.allocated).toBe(4 * N);
  expect(during.storages - before.storages).toBe(1);
  b.release();
  const after = ledger.stats();
  expect(after.allocated).toBe(before.allocated);
  expect(after.storages).toBe(before.storages);
});
