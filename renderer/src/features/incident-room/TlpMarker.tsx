import { useTranslation } from 'react-i18next';
import type { TlpLevel } from '../../../../shared/incident-record/vocabulary';

/** Markings whose readers must be named (need-to-know), so the room makes them hard to miss. */
const RESTRICTED: readonly TlpLevel[] = ['AMBER+STRICT', 'RED'];

export const isRestricted = (tlp: TlpLevel | null): boolean => tlp !== null && RESTRICTED.includes(tlp);

/** A TLP 2.0 marking, `TLP:AMBER`; a need-to-know marking also says so in words. */
export function TlpMarker({ level }: { level: TlpLevel }) {
  const { t } = useTranslation('incident-room');
  const restricted = isRestricted(level);
  const slug = level.toLowerCase().replace('+', '-');
  return (
    <span className={`tlp tlp-${slug}${restricted ? ' tlp-restricted' : ''}`} data-tlp={level}>
      {t('tlp.marker', { level })}
      {restricted && <span className="tlp-need">{t('tlp.needToKnow')}</span>}
    </span>
  );
}
