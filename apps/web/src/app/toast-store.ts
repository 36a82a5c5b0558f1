import { create } from 'zustand';

export type ToastKind = 'error' | 'info' | 'success';

export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly title: string;
  readonly detail?: string | undefined;
}

interface ToastState {
  toasts: Toast[];
  push: (kind: ToastKind, title: string, detail?: string) => void;
  dismiss: (id: number) => void;
}

let nextId = 1;

/** Messages shown in the corner: API errors, saves, refused connections. */
export const useToasts = create<ToastState>((set) => ({
  toasts: [],
  push(kind, title, detail) {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { id, kind, title, detail }] }));
    // Errors stay long enough to read (and copy) the reason; the rest fade sooner.
    setTimeout(() => useToasts.getState().dismiss(id), kind === 'error' ? 15_000 : 4000);
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));

/** Shows an error from anywhere (API call, parse, refused edit) as a toast. */
export function toastError(title: string, error?: unknown): void {
  useToasts.getState().push('error', title, error === undefined ? undefined : describeError(error));
}

export function toastInfo(title: string, detail?: string): void {
  useToasts.getState().push('info', title, detail);
}

export function toastSuccess(title: string, detail?: string): void {
  useToasts.getState().push('success', title, detail);
}

/** `code: message (hint)` for API errors, the message for others. */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown; hint?: unknown };
    const parts = [typeof e.code === 'string' ? `${e.code}: ` : '', typeof e.message === 'string' ? e.message : JSON.stringify(error)];
    if (typeof e.hint === 'string') parts.push(` — ${e.hint}`);
    return parts.join('');
  }
  return String(error);
}
