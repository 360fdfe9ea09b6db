// One store from three slices (notebook, kernel, ui), as zustand's docs advise.
// `createAppStore` makes a fresh store, so every test starts from scratch;
// components reach it through StoreProvider (context.tsx).
import { type StoreApi, createStore } from 'zustand/vanilla';
import { type KernelSlice, createKernelSlice } from './kernel_slice.ts';
import { type NotebookSlice, createNotebookSlice } from './notebook_slice.ts';
import { type UiSlice, createUiSlice } from './ui_slice.ts';

export type AppState = NotebookSlice & KernelSlice & UiSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createNotebookSlice(...a),
    ...createKernelSlice(...a),
    ...createUiSlice(...a),
  }));
}
