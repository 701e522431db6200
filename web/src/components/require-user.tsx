// Pages that need an account: a friendly prompt instead of an error for spectators.
import type { ReactNode } from "react";
import { useMe } from "../api/queries.ts";
import type { User } from "../api/types.ts";
import { Link, usePath } from "../router.tsx";
import { Loading } from "./status.tsx";

export function RequireUser({ children, need }: { children: (user: User) => ReactNode; need?: "organizer" }) {
  const me = useMe();
  const path = usePath();
  if (me.isLoading) return <Loading />;
  if (!me.data) {
    const next = encodeURIComponent(path + location.search);
    return (
      <div className="narrow">
        <h1>Sign in to continue</h1>
        <p>
          <Link href={`/login?next=${next}`} className="btn primary">
            Log in
          </Link>{" "}
          <Link href={`/signup?next=${next}`} className="btn">
            Create an account
          </Link>
        </p>
      </div>
    );
  }
  if (need && me.data.role !== need) {
    return (
      <div className="narrow">
        <h1>Organizers only</h1>
        <p>This page is for the jam's organizers.</p>
      </div>
    );
  }
  return <>{children(me.data)}</>;
}
