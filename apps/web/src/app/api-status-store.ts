import { create } from 'zustand';

interface ApiStatusState {
  /** Why the API looks down (network error, 502/503/504), or undefined when it answers. */
  down: string | undefined;
  /** Bumped each time the API comes back, so pages can reload what failed. */
  generation: number;
  markDown(reason: string): void;
  markUp(): void;
}

/** Whether the server answers; drives the "API unreachable" banner. */
export const useApiStatus = create<ApiStatusState>((set, get) => ({
  down: undefined,
  generation: 0,
  markDown(reason) {
    if (get().down !== reason) set({ down: reason });
  },
  markUp() {
    if (get().down !== undefined) set((s) => ({ down: undefined, generation: s.generation + 1 }));
  },
}));
