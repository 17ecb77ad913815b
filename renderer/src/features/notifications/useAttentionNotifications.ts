import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { openIncident } from '../../app/navigation';
import { createAttentionNotifier } from './attention-notifier';

/** Several events arrive together (a sync brings many); one look at the list after they settle. */
const SETTLE_MS = 1_500;

/**
 * Desktop notifications for what needs this member: new task assignments, approvals they may give,
 * overdue and escalated steps. Raised with the web Notification API (native in the desktop app),
 * in the member's language, once each; clicking one opens its incident.
 */
export function useAttentionNotifications(): void {
  const { t } = useTranslation('notifications');
  useEffect(() => {
    if (typeof Notification === 'undefined') return;
    const decide = createAttentionNotifier();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    const check = () =>
      api.getAttention({}).then(
        (items) => {
          if (!live) return;
          const { fresh, more } = decide(items);
          if (Notification.permission !== 'granted') return;
          for (const item of fresh) {
            const notification = new Notification(t(`kind.${item.kind}`, { title: item.title }), {
              body: item.exercise ? t('exercise', { incident: item.incidentTitle }) : item.incidentTitle,
              tag: item.id,
            });
            notification.onclick = () => {
              window.focus();
              openIncident(item.incidentId);
            };
          }
          if (more > 0) new Notification(t('more', { count: more }), { tag: 'attention-more' });
        },
        // The next event tries again; a failed look must not break the page.
        () => undefined,
      );
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void check(), SETTLE_MS);
    };
    const unsubscribe = api.onEvent((event) => {
      if (event.type !== 'sync.changed') soon();
    });
    void check();
    return () => {
      live = false;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [t]);
}
