// Announcements: a banner for ones that arrive live, and the full list.
import type { Announcement } from "../api/types.ts";
import { formatAgo } from "../lib/format.ts";
import type { LiveAnnouncement } from "../streams/use-jam-events.ts";
import { Icon } from "./icons.tsx";
import "./announcements.css";

export function AnnouncementBanner({
  items,
  onDismiss,
}: {
  items: LiveAnnouncement[];
  onDismiss: (id: string) => void;
}) {
  const latest = items[0];
  if (!latest) return null;
  return (
    <div className="banner announce" role="status" data-testid="announcement-banner">
      <span className="banner-icon" aria-hidden="true">
        <Icon name="megaphone" />
      </span>
      <p className="banner-body">{latest.body}</p>
      <button type="button" className="btn ghost small" onClick={() => onDismiss(latest.id)}>
        Dismiss
      </button>
    </div>
  );
}

export function AnnouncementList({ items }: { items: Announcement[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="announcements" data-testid="announcements">
      {items.map((a) => (
        <li key={a.id}>
          <p>{a.body}</p>
          <time dateTime={new Date(a.createdAt).toISOString()}>{formatAgo(a.createdAt)}</time>
        </li>
      ))}
    </ul>
  );
}
