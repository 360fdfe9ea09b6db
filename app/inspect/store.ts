// The inspect slice: what the graph and memory views show, as plain data —
// the latest trace snapshot, the view options, the selection and the
// "why is this alive?" report. It can stand alone (createInspectStore) or be
// spread into the app's combined store: its state lives under `inspect`.
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import { TraceState, type TraceSnapshot } from '../../engine/trace/trace_state.ts';
import type { ViewOptions } from './graph/view_graph.ts';
import type { AliveReport } from './graph/why_alive.ts';

export type InspectTab = 'graph' | 'memory';

export interface InspectState {
  trace: TraceSnapshot;
  tab: InspectTab;
  options: ViewOptions;
  /** The node whose details show (a live node id), or null. */
  selectedNode: number | null;
  /** The name "why is this alive?" explains, and its report (null while there is none to show). */
  selectedName: string | null;
  whyAlive: AliveReport | null;
}

export interface InspectSlice {
  inspect: InspectState;
  setInspectTrace(trace: TraceSnapshot, whyAlive: AliveReport | null): void;
  setInspectTab(tab: InspectTab): void;
  setViewOptions(options: Partial<ViewOptions>): void;
  selectGraphNode(node: number | null): void;
  setWhyAlive(name: string | null, report: AliveReport | null): void;
  resetInspect(): void;
}

export type InspectStore = StoreApi<InspectSlice>;

export function initialInspectState(): InspectState {
  return {
    trace: new TraceState().snapshot(),
    tab: 'graph',
    options: { collapseRepeats: true, groupByModule: false },
    selectedNode: null,
    selectedName: null,
    whyAlive: null,
  };
}

export const createInspectSlice: StateCreator<InspectSlice, [], [], InspectSlice> = (set) => {
  const apply = (f: (s: InspectState) => InspectState) =>
    set((s) => {
      const next = f(s.inspect);
      return next === s.inspect ? s : { inspect: next };
    });
  return {
    inspect: initialInspectState(),
    setInspectTrace: (trace, whyAlive) =>
      apply((s) => {
        const selectedNode = s.selectedNode !== null && trace.graph.nodes.some((n) => n.node === s.selectedNode) ? s.selectedNode : null;
        return { ...s, trace, whyAlive, selectedNode };
      }),
    setInspectTab: (tab) => apply((s) => (s.tab === tab ? s : { ...s, tab })),
    setViewOptions: (options) => apply((s) => ({ ...s, options: { ...s.options, ...options } })),
    selectGraphNode: (node) => apply((s) => (s.selectedNode === node ? s : { ...s, selectedNode: node })),
    setWhyAlive: (name, report) => apply((s) => ({ ...s, selectedName: name, whyAlive: report })),
    resetInspect: () => apply((s) => ({ ...initialInspectState(), tab: s.tab, options: s.options })),
  };
};

/** A store of its own (tests, a page without the app's store). */
export function createInspectStore(): InspectStore {
  return createStore<InspectSlice>()((...a) => createInspectSlice(...a));
}
