// "Ends in 2:14:05" / "Starts in 3d 4h" for a jam, ticking every second.
import type { JamView } from "../api/types.ts";
import { formatElapsed } from "../lib/format.ts";
import { useNow } from "../lib/use-now.ts";
import "./countdown.css";

export function Countdown({ jam }: { jam: Pick<JamView, "startsAt" | "endsAt" | "phase"> }) {
  const now = useNow(1000);
  if (jam.phase === "finished" || now >= jam.endsAt) return <span className="countdown">Ended</span>;
  if (now < jam.startsAt)
    return (
      <span className="countdown">
        Starts in <strong>{formatElapsed(jam.startsAt - now)}</strong>
      </span>
    );
  return (
    <span className="countdown">
      Ends in <strong>{formatElapsed(jam.endsAt - now)}</strong>
    </span>
  );
}
