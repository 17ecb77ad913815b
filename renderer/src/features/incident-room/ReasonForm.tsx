import { Button, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Asks why, in place, before a command that must say so (skip, block, stop, reopen). Focus moves
 * into the field so a keyboard user can type straight away; Cancel closes it without a command.
 */
export function ReasonForm({
  label,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  label: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('incident-room');
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) onConfirm(reason.trim());
  };
  return (
    <form className="reason-form" onSubmit={submit}>
      <Textarea
        label={label}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        rows={2}
        size="xs"
        required
        autoFocus
      />
      <div className="row">
        <Button type="submit" size="xs" disabled={busy || !reason.trim()}>
          {confirmLabel}
        </Button>
        <Button type="button" size="xs" variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
