import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { tidy } from '../core/scope.ts';
import { runBackward } from '../autograd/backward.ts';
import { add, mul } from '../ops/pointwise_binary.ts';
import { exp, unary } from '../ops/pointwise_unary.ts';
import { sum } from '../ops/reduce.ts';
import { graphFacts } from './graph_facts.ts';

describe('graph facts', () => {
  it('counts each reachable node once, AccumulateGrad included, and each saved storage once', () => {
    const w = Tensor.empty([8]);
    w.leafRequiresGrad = true;
    const e = tidy(() => exp(w)); // saves its result
    const y = tidy(() => sum(add(unary('sin', e), mul(e, 2)))); // sin saves e again; mul saves only the host scalar 2, outside the ledger
    const facts = graphFacts(y);
    expect(facts.names).toEqual({ SumBackward0: 1, AddBackward0: 1, SinBackward0: 1, MulBackward0: 1, ExpBackward0: 1, AccumulateGrad: 1 });
    expect(facts.nodes).toBe(6);
    expect(facts.savedBytes).toBe(32); // e's storage, once
    runBackward([y], [null]);
    expect(graphFacts(y).savedBytes).toBe(0);
    expect(graphFacts(w)).toEqual({ nodes: 0, names: {}, savedBytes: 0 });
    for (const t of [y, e, w]) t.release();
  });
});
