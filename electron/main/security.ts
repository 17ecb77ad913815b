import type { Session, WebContents, WebPreferences } from 'electron';

/** Every Muster window gets exactly these; nothing in the renderer can reach Node. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

const EXTERNAL_PROTOCOLS = new Set(['https:', 'http:', 'mailto:']);

/** Links the user clicks may leave the app only for the web or mail, never file:, smb: or custom schemes. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    return EXTERNAL_PROTOCOLS.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Strips query and fragment so routing inside the app does not change who counts as the app. */
const documentOf = (url: string) => {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return null;
  }
};

/** The only page allowed to call the core: our own index.html, in a top-level frame. */
export function isTrustedSender(
  frame: { url: string; parent: unknown } | null | undefined,
  appUrl: string,
): boolean {
  if (!frame || frame.parent !== null) return false;
  return documentOf(frame.url) === documentOf(appUrl);
}

/**
 * Applied to every web contents the app creates: no navigation away from the app, no new windows
 * (safe links go to the system browser), no webviews.
 */
export function guardWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  appUrl: string,
  openExternal: (url: string) => void,
): void {
  contents.on('will-navigate', (event, url) => {
    if (documentOf(url) !== documentOf(appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (documentOf(url) !== documentOf(appUrl)) event.preventDefault();
  });
  // will-navigate covers the main frame only; Muster has no frames of its own, so none may navigate.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * Muster needs no camera, microphone, location or anything else, except desktop notifications
 * for its own page: the renderer raises them (in the member's language) with the web Notification
 * API, which Electron shows as native notifications.
 */
export function grantOnlyNotifications(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  appUrl: string,
): void {
  const allowed = (permission: string, url: string | undefined) =>
    permission === 'notifications' && url !== undefined && documentOf(url) === documentOf(appUrl);
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowed(permission, details?.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowed(permission, details?.requestingUrl ?? requestingOrigin),
  );
}
