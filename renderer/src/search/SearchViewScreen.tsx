// The Search view: one query box (docs/search.md), the filters it holds shown as chips, the
// syntax in a help popover, virtualised results; Enter on a hit opens its session at that moment.
// A finding can be made from the selected hit (its session around that moment) or from the query.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SearchResponse } from '../../../electron/core/api/contract.js';
import { useApp, useViewActions, type AppAction } from '../app/app-context.js';
import { hitParams, queryParams } from '../findings/finding-prefill.js';
import type { ViewProps } from '../app/view-def.js';
import { errorMessage } from '../app/errors.js';
import { queryChips } from '../state/query-chips.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { QueryHelp } from './QueryHelp.js';
import { SearchResults } from './SearchResults.js';
import { recallSearch, rememberSearch, type SearchMemory } from './search-memory.js';

const PAGE = 500;

export function SearchViewScreen({ params }: ViewProps) {
  const app = useApp();
  const caseDir = app.currentCase?.dir ?? null;
  const initial = recallSearch(caseDir);
  const [query, setQuery] = useState(initial.query);
  const [order, setOrder] = useState<SearchMemory['order']>(initial.order);
  const [fuzzy, setFuzzy] = useState(initial.fuzzy);
  const [selected, setSelected] = useState(initial.selected);
  const [result, setResult] = useState<SearchResponse | null>(initial.result);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [help, setHelp] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const runId = useRef(0);
  const chips = useMemo(() => queryChips(query, app.timezone), [query, app.timezone]);

  useEffect(() => {
    inputRef.current?.focus();
  }, [params.focus]);

  // Esc closes the help wherever the focus is.
  useEffect(() => {
    if (!help) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setHelp(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [help]);


  const run = useCallback(
    async (text: string, offset: number) => {
      if (text.trim() === '') {
        setResult(null);
        setError(null);
        return;
      }
      const id = ++runId.current;
      setRunning(true);
      try {
        const res = await app.api.call('search.run', { query: text, order, fuzzy, offset, limit: PAGE, timezone: app.timezone });
        if (id !== runId.current) return;
        setError(null);
        setResult((prev) => (offset > 0 && prev !== null ? { ...res, hits: [...prev.hits, ...res.hits] } : res));
        if (offset === 0) setSelected((s) => Math.min(s, Math.max(0, res.hits.length - 1)));
      } catch (e) {
        if (id !== runId.current) return;
        setError(errorMessage(e));
        setResult(null);
      } finally {
        if (id === runId.current) setRunning(false);
      }
    },
    [app.api, app.timezone, order, fuzzy],
  );

  // Searches run on Enter, not on every keystroke: each search is recorded in the case's activity
  // log (docs/search.md), which must hold what the examiner searched for, not every prefix typed.
  // The chips update as you type (parsed here). A change of order or mode re-runs the last search.
  const [submitted, setSubmitted] = useState<string | null>(initial.submitted);
  const reuseRemembered = useRef(initial.result !== null);
  useEffect(() => {
    if (reuseRemembered.current) {
      reuseRemembered.current = false;
      return;
    }
    if (submitted !== null) void run(submitted, 0);
  }, [submitted, run, app.caseVersion]);

  useEffect(() => rememberSearch({ query, order, fuzzy, selected, submitted, result, caseDir }), [query, order, fuzzy, selected, submitted, result, caseDir]);

  const moment = (index: number) => {
    const hit = result?.hits[index];
    if (hit === undefined) return null;
    setSelected(index);
    return { sessionId: hit.sessionId, tsUs: hit.tsUs, commandId: hit.kind === 'command' ? hit.rowId : undefined };
  };
  /** Enter: the session at that moment, in the view that shows moments (replay, when present). */
  const open = (index: number) => {
    const m = moment(index);
    if (m !== null) app.openSession(m);
  };
  /** Shift+Enter: the session's command list, with that command selected. */
  const openInSessions = (index: number) => {
    const m = moment(index);
    if (m !== null) app.navigate('sessions', m);
  };

  const hits = result?.hits ?? [];
  const selectedHit = hits[selected];
  const readOnly = app.currentCase?.readOnly === true;
  const { navigate } = app;
  const findingFromHit = useCallback(() => {
    if (selectedHit !== undefined) navigate('findings', hitParams(selectedHit));
  }, [selectedHit, navigate]);
  // The query that was run (and recorded), not what is being typed.
  const findingFromQuery = useCallback(() => {
    if (submitted !== null && submitted.trim() !== '') navigate('findings', queryParams(submitted.trim()));
  }, [submitted, navigate]);
  const actions: AppAction[] = useMemo(
    () => [
      { id: 'search.finding-from-hit', title: 'Search: new finding from this hit', group: 'Search', enabled: selectedHit !== undefined && !readOnly, run: findingFromHit },
      { id: 'search.finding-from-query', title: 'Search: new finding from this query', group: 'Search', enabled: result !== null && submitted !== null && !readOnly, run: findingFromQuery },
    ],
    [selectedHit, result, submitted, readOnly, findingFromHit, findingFromQuery],
  );
  useViewActions('search', actions);

  return (
    <section className="view" aria-labelledby="search-title">
      <header className="view-header" style={{ flexWrap: 'wrap', position: 'relative' }}>
        <h1 id="search-title">Search</h1>
        <form
          className="row grow"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            if (!chips.ok) return;
            if (submitted === query) void run(query, 0);
            else setSubmitted(query);
          }}
        >
          <input
            ref={inputRef}
            className="input mono grow"
            placeholder={`kubectl user:alice after:2024-11-21T03:00   (times in ${app.timezone})`}
            aria-label="Search query"
            aria-invalid={!chips.ok}
            aria-describedby="query-status"
            value={query}
            spellCheck={false}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' && hits.length > 0) {
                e.preventDefault();
                document.querySelector<HTMLElement>('[data-testid="hits"] .vscroll')?.focus();
              } else if (e.key === 'Escape') setHelp(false);
            }}
          />
          <select className="input" value={order} onChange={(e) => setOrder(e.target.value as SearchMemory['order'])} aria-label="Order">
            <option value="time">oldest first</option>
            <option value="newest">newest first</option>
            <option value="relevance">relevance</option>
          </select>
          <label className="row small nowrap" title="Approximate matching of typos and shell obfuscation (commands only)">
            <input type="checkbox" checked={fuzzy} onChange={(e) => setFuzzy(e.target.checked)} /> fuzzy
          </label>
          <button type="button" className="btn" aria-expanded={help} onClick={() => setHelp(!help)}>
            Syntax ?
          </button>
        </form>
        {help && (
          <QueryHelp
            onExample={(q) => {
              setQuery(q);
              setHelp(false);
              inputRef.current?.focus();
            }}
            onClose={() => setHelp(false)}
          />
        )}
        <div className="row" style={{ flexBasis: '100%', minHeight: 22, flexWrap: 'wrap' }} id="query-status" aria-live="polite">
          {chips.ok ? (
            <>
              {chips.chips.map((c, i) => (
                <span key={`${c.field}-${i}`} className={`chip${c.negated ? ' negated' : ''}`} data-chip={c.field}>
                  <EvidenceText text={c.label} />
                </span>
              ))}
              {chips.warnings.map((w) => (
                <span key={w} className="small" style={{ color: 'var(--warn-fg)' }}>
                  <EvidenceText text={w} />
                </span>
              ))}
              <span className="grow" />
              <span className="muted small" data-testid="search-total">
                {running ? 'searching…' : result === null ? '' : `${result.total.toLocaleString('en')}${result.totalExact ? '' : '+'} matches · ${Math.round(result.tookMs)} ms`}
              </span>
            </>
          ) : (
            <span className="small" role="alert" style={{ color: 'var(--bad-fg)' }} data-testid="query-error">
              <EvidenceText text={chips.message} />
            </span>
          )}
        </div>
      </header>
      {error !== null && (
        <div className="banner error" role="alert" style={{ margin: '10px 14px 0' }}>
          <EvidenceText text={error} />
        </div>
      )}
      {result !== null && result.warnings.length > 0 && (
        <div className="banner warning" style={{ margin: '10px 14px 0' }}>
          {result.warnings.map((w) => (
            <div key={w}>
              <EvidenceText text={w} />
            </div>
          ))}
        </div>
      )}
      <div style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        {result === null ? (
          <div className="empty">
            Type a query and press <kbd>Enter</kbd>. <kbd>↓</kbd> moves into the results; <kbd>Enter</kbd> opens the session at that moment, <kbd>Shift</kbd>+<kbd>Enter</kbd> its command list.
          </div>
        ) : (
          <SearchResults hits={hits} selected={selected} zone={app.zone} onSelect={setSelected} onOpen={open} onOpenInSessions={openInSessions} />
        )}
        {result !== null && (
          <div className="row small muted" style={{ padding: '4px 14px', borderTop: '1px solid var(--border)' }}>
            <span className="grow">
              {hits.length < result.total ? `Showing ${hits.length.toLocaleString('en')} of ${result.total.toLocaleString('en')}` : ''}
            </span>
            <span>
              <kbd>Enter</kbd> open at that moment · <kbd>Shift</kbd>+<kbd>Enter</kbd> in the session&apos;s command list
            </span>
            <button type="button" className="btn small" disabled={selectedHit === undefined || readOnly} onClick={findingFromHit} title="A finding on this hit's session, from 5 s before the hit to 30 s after (editable in the form)">
              New finding from this hit
            </button>
            <button type="button" className="btn small" disabled={submitted === null || readOnly} onClick={findingFromQuery} title="A finding anchored to this search query">
              New finding from this query
            </button>
            {hits.length < result.total && (
              <button type="button" className="btn small" disabled={running} onClick={() => submitted !== null && void run(submitted, hits.length)}>
                Show {Math.min(PAGE, result.total - hits.length).toLocaleString('en')} more
              </button>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
