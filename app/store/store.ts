// One store from four slices (notebook, kernel, ui, lessons), as zustand's docs advise.
// `createAppStore` makes a fresh store, so every test starts from scratch;
// components reach it through StoreProvider (context.tsx).
import { type StoreApi, createStore } from 'zustand/vanilla';
import { type LessonSlice, createLessonSlice } from '../lessons/lesson_slice.ts';
import { type KernelSlice, createKernelSlice } from './kernel_slice.ts';
import { type NotebookSlice, createNotebookSlice } from './notebook_slice.ts';
import { type UiSlice, createUiSlice } from './ui_slice.ts';

export type AppState = NotebookSlice & KernelSlice & UiSlice & LessonSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createNotebookSlice(...a),
    ...createKernelSlice(...a),
    ...createUiSlice(...a),
    ...createLessonSlice(...a),
  }));
}
