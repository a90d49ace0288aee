// The search syntax at a glance (docs/search.md): fields and examples; clicking an example puts
// it in the query box.
import { QUERY_EXAMPLES, QUERY_FIELDS } from '../state/query-chips.js';

export function QueryHelp({ onExample, onClose }: Readonly<{ onExample(query: string): void; onClose(): void }>) {
  return (
    <div className="popover" role="dialog" aria-label="Search syntax" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="row" style={{ marginBottom: 6 }}>
        <h3 className="grow">Search syntax</h3>
        <button type="button" className="btn small" onClick={onClose} aria-label="Close help">
          ×
        </button>
      </div>
      <p className="small">
        Words match whole words in any case (<code>kube*</code> for a prefix); <code>"quoted words"</code> match next to each other; text with punctuation (
        <code>/etc/shadow</code>) matches literally. <code>AND</code> (or a space), <code>OR</code>, <code>NOT</code> and parentheses combine. Times without a zone are read in the
        zone the app shows.
      </p>
      <table className="grid small">
        <tbody>
          {QUERY_FIELDS.map((f) => (
            <tr key={f.field}>
              <td className="mono nowrap">{f.field}</td>
              <td>{f.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 style={{ marginTop: 10 }}>Examples</h3>
      <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }} className="stack small">
        {QUERY_EXAMPLES.map((ex) => (
          <li key={ex.query} className="row">
            <button type="button" className="btn small mono" onClick={() => onExample(ex.query)}>
              {ex.query}
            </button>
            <span className="muted">{ex.meaning}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
