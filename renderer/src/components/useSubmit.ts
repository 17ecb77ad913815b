import { useState, type FormEvent } from 'react';

/**
 * What every form here shares: one submit at a time, and the reason shown when it fails (the
 * core's own message, or the action's). What the user typed is left alone on failure.
 */
export function useSubmit(action: () => Promise<void>) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSubmitting(true);
    try {
      await action();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setSubmitting(false);
    }
  };
  return { submit, submitting, error, clearError: () => setError(null) };
}
