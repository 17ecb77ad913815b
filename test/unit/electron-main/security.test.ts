import { describe, expect, it, vi } from 'vitest';
import {
  grantOnlyNotifications,
  guardWebContents,
  isSafeExternalUrl,
  isTrustedSender,
  secureWebPreferences,
} from '../../../electron/main/security';

const APP_URL = 'file:///opt/muster/out/renderer/index.html';

describe('secureWebPreferences', () => {
  it('isolates the renderer from Node and keeps the preload path', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });
});

describe('isSafeExternalUrl', () => {
  it.each(['https://example.org/alerts', 'http://intranet.city/map?x=1', 'mailto:ops@city.example'])(
    'lets %s go to the system',
    (url) => expect(isSafeExternalUrl(url)).toBe(true),
  );

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://fileserver/share',
    'ms-msdt:/id PCWDiagnostic',
    'muster://open',
    'data:text/html,<script>1</script>',
    'not a url',
    '',
    '//example.org/no-scheme',
  ])('refuses %j', (url) => expect(isSafeExternalUrl(url)).toBe(false));
});

describe('isTrustedSender', () => {
  const top = (url: string) => ({ url, parent: null });

  it('trusts our index.html in a top-level frame, whatever the route', () => {
    expect(isTrustedSender(top(APP_URL), APP_URL)).toBe(true);
    expect(isTrustedSender(top(`${APP_URL}#/incidents/42`), APP_URL)).toBe(true);
    expect(isTrustedSender(top(`${APP_URL}?view=board`), APP_URL)).toBe(true);
  });

  it('refuses subframes, other files, other origins and missing frames', () => {
    expect(isTrustedSender({ url: APP_URL, parent: top(APP_URL) }, APP_URL)).toBe(false);
    expect(isTrustedSender(top('file:///opt/muster/out/renderer/other.html'), APP_URL)).toBe(false);
    expect(isTrustedSender(top('file:///home/user/Downloads/index.html'), APP_URL)).toBe(false);
    expect(isTrustedSender(top('https://evil.example/out/renderer/index.html'), APP_URL)).toBe(false);
    expect(isTrustedSender(top('about:blank'), APP_URL)).toBe(false);
    expect(isTrustedSender(null, APP_URL)).toBe(false);
    expect(isTrustedSender(undefined, APP_URL)).toBe(false);
  });
});

/** Records the listeners guardWebContents installs so the test can fire them like Electron would. */
function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
  let windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on(name: string, listener: (event: { preventDefault(): void }, url?: string) => void) {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      windowOpenHandler = handler;
    },
  };
  /** Fires `name` and says whether the listener blocked it. */
  const fire = (name: string, url?: string, details: object = {}) => {
    const listener = listeners.get(name);
    if (!listener) throw new Error(`no ${name} listener installed`);
    const event = { preventDefault: vi.fn(), ...details };
    listener(event, url);
    return event.preventDefault.mock.calls.length > 0;
  };
  const open = (url: string) => {
    if (!windowOpenHandler) throw new Error('no window open handler installed');
    return windowOpenHandler({ url });
  };
  return { contents, fire, open };
}

function guarded() {
  const fake = fakeContents();
  const openExternal = vi.fn();
  // The fake implements only the two methods guardWebContents is typed to use.
  guardWebContents(fake.contents as unknown as Parameters<typeof guardWebContents>[0], APP_URL, openExternal);
  return { ...fake, openExternal };
}

describe('guardWebContents', () => {
  it.each(['will-navigate', 'will-redirect'])(
    '%s: blocks leaving the app, allows routing inside it',
    (name) => {
      const { fire } = guarded();
      expect(fire(name, 'https://evil.example/')).toBe(true);
      expect(fire(name, 'file:///etc/passwd')).toBe(true);
      expect(fire(name, 'file:///opt/muster/out/renderer/other.html')).toBe(true);
      expect(fire(name, APP_URL)).toBe(false);
      expect(fire(name, `${APP_URL}#/incidents`)).toBe(false);
    },
  );

  it('denies every window.open and hands only safe URLs to the system', () => {
    const { open, openExternal } = guarded();
    expect(open('https://example.org/map')).toEqual({ action: 'deny' });
    expect(open('mailto:ops@city.example')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('smb://fileserver/share')).toEqual({ action: 'deny' });
    expect(open(APP_URL)).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://example.org/map'], ['mailto:ops@city.example']]);
  });

  it('blocks every subframe navigation and leaves the main frame to will-navigate', () => {
    const { fire } = guarded();
    expect(fire('will-frame-navigate', undefined, { isMainFrame: false, url: APP_URL })).toBe(true);
    expect(fire('will-frame-navigate', undefined, { isMainFrame: true, url: APP_URL })).toBe(false);
  });

  it('prevents attaching webviews', () => {
    expect(guarded().fire('will-attach-webview')).toBe(true);
  });
});

describe('grantOnlyNotifications', () => {
  it("allows desktop notifications for the app's own page and refuses everything else", () => {
    let request:
      | ((
          contents: unknown,
          permission: string,
          callback: (granted: boolean) => void,
          details: { requestingUrl?: string },
        ) => void)
      | undefined;
    let check: ((...args: unknown[]) => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (handler: typeof request) => void (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => void (check = handler),
    };
    grantOnlyNotifications(session as unknown as Parameters<typeof grantOnlyNotifications>[0], APP_URL);

    const asked = (permission: string, requestingUrl: string) => {
      const callback = vi.fn();
      request!({}, permission, callback, { requestingUrl });
      return callback.mock.calls[0]?.[0];
    };
    expect(asked('notifications', `${APP_URL}#board`)).toBe(true);
    expect(check!({}, 'notifications', 'file://', { requestingUrl: APP_URL })).toBe(true);
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal']) {
      expect(asked(permission, APP_URL)).toBe(false);
      expect(check!({}, permission, 'file://', { requestingUrl: APP_URL })).toBe(false);
    }
    expect(asked('notifications', 'https://evil.example/')).toBe(false);
    expect(
      check!({}, 'notifications', 'https://evil.example', { requestingUrl: 'https://evil.example/' }),
    ).toBe(false);
  });
});
