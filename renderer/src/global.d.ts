import type { MusterApi } from '../../shared/contract';

declare global {
  interface Window {
    /** Present in the desktop app (the preload exposes it); absent in a browser tab. */
    muster?: MusterApi;
  }
}
