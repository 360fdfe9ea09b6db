// The lesson service for the views. Optional: an app rendered without it (the
// notebook-only tests) shows no lesson features.
import { type ReactNode, createContext, useContext } from 'react';
import type { LessonService } from './lesson_service.ts';

const LessonContext = createContext<LessonService | null>(null);

export function LessonServiceProvider({ service, children }: { service: LessonService; children: ReactNode }) {
  return <LessonContext.Provider value={service}>{children}</LessonContext.Provider>;
}

export function useLessonService(): LessonService | null {
  return useContext(LessonContext);
}
