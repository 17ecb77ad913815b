/** Why the core refused the last command, read out as soon as it appears. */
export function ErrorAlert({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="room-error">
      {error}
    </p>
  );
}
