// Every op module, imported for its side effect of filling the op table.
// Anything that enumerates ops (gradient checks, PyTorch fixtures, the Python
// binding, autocompletion) imports the table from here so no module is missed.
// A new engine/ops/*.ts file that declares ops must be listed below
// (test/gradcheck/gradcheck.test.ts fails otherwise).
import './pointwise_unary.ts';
import './pointwise_binary.ts';
import './pointwise_ternary.ts';
import './clamp.ts';
import './creation_random.ts';
import './compare.ts';
import './layout_copy.ts';
import './layout_views.ts';
import './layout_dims.ts';
import './layout_reorder.ts';
import './layout_slicing.ts';
import './layout_split.ts';
import './layout_join.ts';
import './layout_strided.ts';
import './reduce.ts';
import './reduce_minmax.ts';
import './reduce_stats.ts';
import './softmax.ts';
import './linalg.ts';
import './nn_activation.ts';
import './nn_loss.ts';
import './nn_loss_elementwise.ts';
import './nn_norm.ts';
import './nn_embedding.ts';
import './nn_pad.ts';
import './conv.ts';
import './pool.ts';
import './indexing.ts';

export { opTable } from './define.ts';
export type { OpSpec, Sample } from './define.ts';
