// Pages through a board longer than one page; the rows shown keep updating live.
import "./board-pager.css";
export function BoardPager(props: { offset: number; limit: number; total: number; onPage: (page: number) => void }) {
  const { offset, limit, total } = props;
  if (total <= limit && offset === 0) return null;
  const page = Math.floor(offset / limit);
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pager board-pager" aria-label="Leaderboard pages">
      <button type="button" className="btn small" disabled={page === 0} onClick={() => props.onPage(page - 1)}>
        ← Previous page
      </button>
      <span className="muted small" aria-live="polite">
        Places {Math.min(total, offset + 1)}–{Math.min(total, offset + limit)} of {total} · page {page + 1} of {pages}
      </span>
      <button type="button" className="btn small" disabled={page + 1 >= pages} onClick={() => props.onPage(page + 1)}>
        Next page →
      </button>
    </nav>
  );
}
