import { useSyncExternalStore } from 'react';
import { useDemo } from '../demoContext';

/** This tab's session events, newest first. */
export function EventLogPanel() {
  const { eventLog } = useDemo();
  const entries = useSyncExternalStore(eventLog.subscribe, eventLog.entries);
  return (
    <section className="card log" aria-labelledby="log-title">
      <div className="log-head">
        <h2 id="log-title">Event log</h2>
        <button type="button" className="link" onClick={eventLog.clear}>
          clear
        </button>
      </div>
      {entries.length === 0 ? (
        <p className="hint">No events in this tab yet.</p>
      ) : (
        <ol data-testid="event-log">
          {entries.map((entry) => (
            <li key={entry.id} data-event-type={entry.type}>
              <time dateTime={new Date(entry.at).toISOString()}>
                {new Date(entry.at).toLocaleTimeString()}
              </time>
              <span className={`event event-${entry.type}`}>{entry.type}</span>
              <span className="detail">{entry.detail}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
