import { Radio, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../../i18n/i18n';

/** Theme and language, the same choices as in the title bar, for people who look for them here. */
export function AppearanceSection() {
  const { t, i18n } = useTranslation('settings');
  // keepTransitions: otherwise Mantine pauses transitions with an injected <style>, which the CSP refuses.
  const { setColorScheme } = useMantineColorScheme({ keepTransitions: true });
  const scheme = useComputedColorScheme('dark');
  return (
    <section className="settings-section" aria-labelledby="settings-appearance">
      <h3 id="settings-appearance">{t('appearance.title')}</h3>
      <Radio.Group
        label={t('appearance.theme')}
        value={scheme}
        onChange={(value) => setColorScheme(value as 'dark' | 'light')}
      >
        <div className="settings-row">
          <Radio value="dark" label={t('appearance.dark')} />
          <Radio value="light" label={t('appearance.light')} />
        </div>
      </Radio.Group>
      <Radio.Group
        label={t('appearance.language')}
        value={i18n.language}
        onChange={(value) => setLanguage(value as Language)}
      >
        <div className="settings-row">
          {LANGUAGES.map((language) => (
            <Radio
              key={language.code}
              value={language.code}
              // Each language named in itself, and marked so screen readers pronounce it right.
              label={<span lang={language.code}>{language.label}</span>}
            />
          ))}
        </div>
      </Radio.Group>
    </section>
  );
}
