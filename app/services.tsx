// The live objects the views need besides the store: the user commands and the
// kernel session (for completions). Provided once at the top of the app.
import { type ReactNode, createContext, useContext } from 'react';
import type { Commands } from './commands.ts';
import type { KernelSession } from './kernel/session.ts';

export interface Services {
  commands: Commands;
  session: KernelSession;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices used outside <ServicesProvider>');
  return services;
}

export function useCommands(): Commands {
  return useServices().commands;
}
