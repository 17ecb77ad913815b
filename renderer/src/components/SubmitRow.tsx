/** A form's submit button and, below it, why the last attempt failed. */
export function SubmitRow({
  label,
  busyLabel,
  submitting,
  error,
}: {
  label: string;
  busyLabel: string;
  submitting: boolean;
  error: string | null;
}) {
  return (
    <>
      <button type="submit" disabled={submitting}>
        {submitting ? busyLabel : label}
      </button>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </>
  );
}
