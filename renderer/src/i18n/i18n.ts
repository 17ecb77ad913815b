/**
 * Every visible string goes through i18next (react-i18next). Each feature keeps its own namespace
 * beside its code, `features/<name>/locales/<language>.json` (the shell's is `app/locales/`), so a
 * feature is translated where it is written and nothing central lists them.
 */
import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];
export const DEFAULT_LANGUAGE: Language = 'en';

const LANGUAGE_KEY = 'muster.language';

const files = import.meta.glob<Record<string, unknown>>(
  ['../app/locales/*.json', '../features/*/locales/*.json'],
  {
    eager: true,
    import: 'default',
  },
);

/** `{ en: { board: {...} }, 'zh-CN': { board: {...} } }` from the files' paths. */
export function resourcesFrom(found: Record<string, Record<string, unknown>>): Resource {
  const resources: Resource = {};
  for (const [file, strings] of Object.entries(found)) {
    const match = /(?:app|features\/([^/]+))\/locales\/([^/]+)\.json$/.exec(file);
    if (!match) continue;
    const namespace = match[1] ?? 'app';
    const language = match[2]!;
    resources[language] = { ...resources[language], [namespace]: strings };
  }
  return resources;
}

export const resources = resourcesFrom(files);

function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(LANGUAGE_KEY);
    return LANGUAGES.some((l) => l.code === stored) ? (stored as Language) : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

void i18next.use(initReactI18next).init({
  resources,
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  defaultNS: 'app',
  ns: Object.keys(resources[DEFAULT_LANGUAGE] ?? {}),
  // React escapes what it renders; escaping here too would show entities.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // Private windows may refuse storage; the choice then lasts for this session only.
  }
}

export { i18next };
