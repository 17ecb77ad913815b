/**
 * Everything a person can do from the keyboard: each part of the UI registers its commands while it
 * is on screen, and the command palette lists them all, with their shortcuts.
 */
import { useEffect } from 'react';
import { create } from 'zustand';

export type Command = {
  id: string;
  label: string;
  /** Mantine hotkey notation, e.g. `mod+K`, `alt+1`. */
  shortcut?: string;
  /** More words the palette matches on. */
  keywords?: string[];
  run: () => void;
};

type Registry = {
  groups: Record<string, readonly Command[]>;
  set: (owner: string, commands: readonly Command[] | null) => void;
};

export const useCommandRegistry = create<Registry>((set) => ({
  groups: {},
  set: (owner, commands) =>
    set((state) => {
      const groups = { ...state.groups };
      if (commands) groups[owner] = commands;
      else delete groups[owner];
      return { groups };
    }),
}));

export const allCommands = (groups: Registry['groups']): Command[] => Object.values(groups).flat();

/** Registers `commands` under `owner` while the calling component is mounted. */
export function useCommands(owner: string, commands: readonly Command[]): void {
  const set = useCommandRegistry((state) => state.set);
  useEffect(() => {
    set(owner, commands);
    return () => set(owner, null);
  }, [owner, commands, set]);
}
