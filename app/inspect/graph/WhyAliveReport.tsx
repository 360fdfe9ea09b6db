// "Why is this alive?": the chains from a name to the tensors its graph saves,
// the largest first, and the totals — what the graph saves, and what `del`
// would free (the engine's exact figure).
import { formatBytes, formatExactBytes } from '../format.ts';
import type { AliveReport } from './why_alive.ts';

const SHOWN_CHAINS = 8;

function compact(steps: AliveReport['chains'][number]['steps']): string {
  const nodes = steps.filter((s) => s.kind === 'node').map((s) => s.label);
  const middle = nodes.length <= 4 ? nodes : [nodes[0]!, `… ${nodes.length - 3} nodes …`, nodes.at(-2)!, nodes.at(-1)!];
  const first = steps[0]!.label;
  const tail = steps.filter((s) => s.kind === 'saved' || s.kind === 'bytes').map((s) => s.label);
  return [first, ...middle, ...tail].join(' → ');
}

export function WhyAliveReport({ report }: { report: AliveReport }) {
  const n = report.chains.length;
  return (
    <section className="why-alive" aria-label={`Why is ${report.name} alive`}>
      <p className="why-total">
        <strong>{report.name}</strong> keeps <strong data-testid="why-alive-saved">{formatExactBytes(report.savedBytes)}</strong> of saved tensors alive through{' '}
        {report.nodes.length} graph nodes ({formatBytes(report.savedBytes)}).
      </p>
      {report.engine ? (
        <p className="muted">
          <code>del {report.name}</code> would free <span data-testid="why-alive-retained">{formatExactBytes(report.engine.retainedBytes)}</span> (
          {formatBytes(report.engine.retainedBytes)}); what it reaches holds {formatExactBytes(report.engine.heldBytes)} in all
          {report.sharedSavedBytes > 0 ? `, including ${formatBytes(report.sharedSavedBytes)} of saved tensors that are also parameters` : ''}. Saved tensors that
          something else holds too (an input batch a list keeps) stay after <code>del</code>.
        </p>
      ) : null}
      {report.freedNodes > 0 ? <p className="muted">{report.freedNodes} reached nodes had their saved tensors freed by backward(): they keep no saved bytes.</p> : null}
      {n > 0 ? (
        <ol className="why-chains">
          {report.chains.slice(0, SHOWN_CHAINS).map((c) => (
            <li key={c.storage}>{compact(c.steps)}</li>
          ))}
          {n > SHOWN_CHAINS ? <li className="muted">… {n - SHOWN_CHAINS} more saved tensors</li> : null}
        </ol>
      ) : (
        <p className="muted">No saved tensors are reachable from {report.name}.</p>
      )}
    </section>
  );
}
