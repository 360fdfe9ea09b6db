// glassgrad.show_layout(t) inline, and the same view for the tensor inspector
// (from a TensorSummary: the layout without the values).
import type { TensorSummary } from '../../../engine/runtime/protocol.ts';
import type { LayoutData } from '../../../engine/trace/tensor_layout.ts';
import { LayoutBody } from './LayoutBody.tsx';
import { layoutOfSummary } from './summary.ts';

export function LayoutOutput({ data }: { data: LayoutData }) {
  return (
    <div className="output-layout" aria-label="Tensor layout">
      <LayoutBody data={data} />
    </div>
  );
}

export function TensorSummaryLayout({ summary, name }: { summary: TensorSummary; name?: string }) {
  return <LayoutBody data={layoutOfSummary(summary, name)} />;
}
