// React access to the inspect slice and its feed. The store can be the app's
// combined store (it holds the slice under `inspect`) or one of its own.
import { type ReactNode, createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { InspectFeed } from './feed.ts';
import type { InspectSlice } from './store.ts';

const FeedContext = createContext<InspectFeed | null>(null);

export function InspectProvider({ feed, children }: { feed: InspectFeed; children: ReactNode }) {
  return <FeedContext.Provider value={feed}>{children}</FeedContext.Provider>;
}

export function useInspectFeed(): InspectFeed {
  const feed = useContext(FeedContext);
  if (!feed) throw new Error('inspect views used outside <InspectProvider>');
  return feed;
}

/** One narrow piece of the inspect slice. */
export function useInspect<T>(selector: (state: InspectSlice) => T): T {
  return useStore(useInspectFeed().store, selector);
}
