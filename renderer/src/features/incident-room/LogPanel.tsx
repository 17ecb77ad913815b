import { QuickEntry } from './QuickEntry';
import { useRoom } from './room-context';
import { Timeline } from './Timeline';

/** Quick entry on top (for those who may write), the filtered log below. */
export function LogPanel({ focusRequested, onFocused }: { focusRequested: boolean; onFocused: () => void }) {
  const { canAct } = useRoom();
  return (
    <div className="log-panel">
      {canAct && <QuickEntry focusRequested={focusRequested} onFocused={onFocused} />}
      <Timeline />
    </div>
  );
}
