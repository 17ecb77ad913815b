import { useEffect, useState } from 'react';

/** Often enough for "12 min ago" to stay true. */
const TICK_MS = 30_000;

/** The current time, updated every half minute, for relative hints. */
export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}
