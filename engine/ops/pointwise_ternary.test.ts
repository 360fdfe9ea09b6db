// Values from PyTorch (CPU, float32) where rounding each step apart, as the
// composite `input + value * t1 * t2` or `input + w * (end - input)` would,
// gives another last bit: PyTorch's kernels fuse the last multiply-add.
import { describe, expect, it } from 'vitest';
import { tensor } from './creation.ts';
import { addcmul_, lerp_ } from './inplace.ts';
import { addcmul, lerp } from './pointwise_ternary.ts';

const f32 = (values: number[]) => tensor(values, { dtype: 'float32' });

describe('addcmul and lerp round as PyTorch', () => {
  it('addcmul(x, a, b, value=-0.37)', () => {
    const [x, a, b] = [[3.482494831085205, -8.265217781066895], [1.8051807880401611, -3.056036949157715], [5.492499828338623, 7.280721187591553]];
    const expected = [-0.18603859841823578, -0.03266076743602753];
    expect(addcmul(f32(x), f32(a), f32(b), -0.37).toArray()).toEqual(expected);
    expect(addcmul_(f32(x), f32(a), f32(b), -0.37).toArray()).toEqual(expected);
  });

  it('lerp(start, end, 0.3), with a number and with a tensor weight', () => {
    const [start, end] = [[4.069607734680176, -2.0373036861419678], [-0.9595816135406494, 2.774350643157959]];
    const expected = [2.5608508586883545, -0.5938073992729187];
    expect(lerp(f32(start), f32(end), 0.3).toArray()).toEqual(expected);
    expect(lerp(f32(start), f32(end), f32([0.3, 0.3])).toArray()).toEqual(expected);
    expect(lerp_(f32(start), f32(end), 0.3).toArray()).toEqual(expected);
  });
});
