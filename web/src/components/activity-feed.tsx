// What just happened: stage passes and announcements, newest first, live items merged in.
import type { ActivityItem, FeedItem } from "../api/types.ts";
import { formatAgo } from "../lib/format.ts";
import { activityKey } from "../streams/use-jam-events.ts";
import { Icon } from "./icons.tsx";
import { Empty } from "./status.tsx";
import "./activity-feed.css";

export function mergeActivity(live: FeedItem[], fetched: ActivityItem[] | undefined, limit = 30): FeedItem[] {
  const seen = new Set<string>();
  const out: FeedItem[] = [];
  for (const item of [...live, ...(fetched ?? [])].sort((a, b) => b.at - a.at)) {
    const key = activityKey(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out.slice(0, limit);
}

export function ActivityFeed({ items }: { items: FeedItem[] }) {
  if (items.length === 0) return <Empty>Nothing yet — the first pass shows up here.</Empty>;
  return (
    <ol className="feed" aria-live="polite" aria-relevant="additions" data-testid="activity">
      {items.map((item) => (
        <li key={`${activityKey(item)}:${item.at}`} className={`feed-item ${item.kind.replace(".", "-")}`}>
          <span className="feed-icon" aria-hidden="true">
            <Icon name={item.kind === "announcement" ? "megaphone" : item.kind === "joined" ? "wave" : "check"} />
          </span>
          <span className="feed-text">{item.text}</span>
          <time className="feed-time" dateTime={new Date(item.at).toISOString()}>
            {formatAgo(item.at)}
          </time>
        </li>
      ))}
    </ol>
  );
}
