// React access to the store: a provider per app (or per test) and narrow
// selector hooks, as zustand's docs advise for stores made with createStore.
import { type ReactNode, createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from './store.ts';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp used outside <StoreProvider>');
  return store;
}

/** Subscribes to one narrow piece of state. Use useShallow for derived arrays/objects. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useStoreApi(), selector);
}
