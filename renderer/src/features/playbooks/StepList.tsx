import { useTranslation } from 'react-i18next';
import type { Department } from '../../../../shared/identity';
import type { PlaybookTemplate } from '../../../../shared/playbook/template';
import { durationText, ownerText } from './step-text';

type Step = PlaybookTemplate['steps'][number];

/**
 * The steps in words, in template order: what the graph shows, for keyboard and screen-reader
 * users (and anyone who wants the whole title).
 */
export function StepList({
  steps,
  departments,
}: {
  steps: readonly Step[];
  departments: readonly Department[];
}) {
  const { t } = useTranslation('playbooks');
  return (
    <ol className="step-list" aria-label={t('steps.label')}>
      {steps.map((step) => (
        <li key={step.id}>
          <span className="step-list-title">{step.title}</span>
          <dl className="step-facts">
            <dt>{t('steps.id')}</dt>
            <dd>
              <code>{step.id}</code>
            </dd>
            <dt>{t('steps.kind')}</dt>
            <dd>{t(`kind.${step.kind}`)}</dd>
            <dt>{t('steps.owner')}</dt>
            <dd>{ownerText(step.owner, departments, t)}</dd>
            <dt>{t('steps.after')}</dt>
            <dd>{step.after.length > 0 ? step.after.join(', ') : t('steps.atStart')}</dd>
            <dt>{t('steps.due')}</dt>
            <dd>
              <DueText due={step.due} />
            </dd>
            {step.options && (
              <>
                <dt>{t('steps.options')}</dt>
                <dd>
                  <ul className="step-options">
                    {step.options.map((option) => (
                      <li key={option.id}>
                        {option.opens.length > 0
                          ? t('steps.opens', { option: option.label, steps: option.opens.join(', ') })
                          : option.label}
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
          </dl>
        </li>
      ))}
    </ol>
  );
}

function DueText({ due }: { due: Step['due'] }) {
  const { t, i18n } = useTranslation('playbooks');
  if (!due) return t('steps.noDeadline');
  const within = durationText(due.within, i18n.language);
  return due.from === 'activation'
    ? t('steps.dueFromStart', { within })
    : t('steps.dueFromReady', { within });
}
