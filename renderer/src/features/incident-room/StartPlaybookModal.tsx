import { Button, Modal, NumberInput, Switch } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaybookSuggestion, PlaybookSummary } from '../../../../shared/contract';
import { MAX_EXERCISE_SPEED } from '../../../../shared/playbook/run-events';
import type { RunRecord } from '../../../../shared/playbook/run-record';
import { api } from '../../api';
import { ErrorAlert } from './ErrorAlert';
import { useRoom } from './room-context';
import { useAction } from './useAction';

type Choices = { suggestions: PlaybookSuggestion[]; library: PlaybookSummary[] };

/**
 * Starting a playbook on the incident: first the ones whose trigger rules match it (with the rule),
 * then the whole library. An exercise runs on a simulated clock, `speed` times faster, and changes
 * nothing on the incident itself.
 */
export function StartPlaybookModal({
  opened,
  onClose,
  onStarted,
}: {
  opened: boolean;
  onClose: () => void;
  onStarted: (run: RunRecord) => void;
}) {
  const { t } = useTranslation('incident-room');
  const { incidentId } = useRoom();
  const [choices, setChoices] = useState<Choices | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [exercise, setExercise] = useState(false);
  const [speed, setSpeed] = useState<number | string>(1);
  const action = useAction();

  // Asked afresh each time it opens: the library and the incident may have changed since.
  useEffect(() => {
    if (!opened) return;
    let live = true;
    Promise.all([api.suggestPlaybooks({ id: incidentId }), api.listPlaybooks({})]).then(
      ([suggestions, library]) => {
        if (!live) return;
        setChoices({ suggestions, library });
        setLoadError(null);
      },
      (error: Error) => live && setLoadError(error.message),
    );
    return () => {
      live = false;
    };
  }, [opened, incidentId]);

  const start = async (playbook: { id: string; version: number }) => {
    const speedValue = Math.min(MAX_EXERCISE_SPEED, Math.max(1, Number(speed) || 1));
    await action.run(async () => {
      const run = await api.startRun({
        incidentId,
        playbook,
        ...(exercise ? { exercise: { speed: speedValue } } : {}),
      });
      onStarted(run);
      onClose();
    });
  };

  return (
    // No scroll lock: it works by injecting a <style> element, which the CSP refuses.
    <Modal opened={opened} onClose={onClose} title={t('start.title')} size="lg" lockScroll={false}>
      <div className="start-playbook">
        <div className="row">
          <Switch
            label={t('start.exercise')}
            description={t('start.exerciseHint')}
            checked={exercise}
            onChange={(e) => setExercise(e.currentTarget.checked)}
          />
          <NumberInput
            size="xs"
            label={t('start.speed')}
            description={t('start.speedHint', { max: MAX_EXERCISE_SPEED })}
            min={1}
            max={MAX_EXERCISE_SPEED}
            value={speed}
            onChange={setSpeed}
            disabled={!exercise}
          />
        </div>
        <ErrorAlert error={loadError ?? action.error} />
        {choices === null && !loadError && <p className="empty">{t('start.loading')}</p>}
        {choices && (
          <>
            <section aria-labelledby="start-suggested-heading">
              <h4 id="start-suggested-heading">{t('start.suggested')}</h4>
              {choices.suggestions.length === 0 ? (
                <p className="empty">{t('start.noSuggestions')}</p>
              ) : (
                <ul className="playbook-choices">
                  {choices.suggestions.map((s) => (
                    <PlaybookChoice
                      key={`${s.playbookId}@${s.version}`}
                      title={s.title}
                      version={s.version}
                      detail={t('start.rule', { rule: s.rule })}
                      note={s.running.length > 0 ? t('start.running', { count: s.running.length }) : null}
                      busy={action.busy}
                      onStart={() => void start({ id: s.playbookId, version: s.version })}
                    />
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby="start-library-heading">
              <h4 id="start-library-heading">{t('start.library')}</h4>
              {choices.library.length === 0 ? (
                <p className="empty">{t('start.emptyLibrary')}</p>
              ) : (
                <ul className="playbook-choices">
                  {choices.library.map((p) => (
                    <PlaybookChoice
                      key={`${p.id}@${p.version}`}
                      title={p.title}
                      version={p.version}
                      detail={p.description || t('start.steps', { count: p.steps })}
                      note={null}
                      busy={action.busy}
                      onStart={() => void start({ id: p.id, version: p.version })}
                    />
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </div>
    </Modal>
  );
}

function PlaybookChoice({
  title,
  version,
  detail,
  note,
  busy,
  onStart,
}: {
  title: string;
  version: number;
  detail: string;
  note: string | null;
  busy: boolean;
  onStart: () => void;
}) {
  const { t } = useTranslation('incident-room');
  return (
    <li className="playbook-choice">
      <div>
        <strong>{title}</strong> <span className="muted">{t('start.version', { version })}</span>
        <div className="muted">{detail}</div>
        {note && <div className="playbook-note">{note}</div>}
      </div>
      <Button size="xs" aria-label={t('start.startNamed', { title })} disabled={busy} onClick={onStart}>
        {t('start.start')}
      </Button>
    </li>
  );
}
