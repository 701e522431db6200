// TanStack Query hooks, one per API read; keys are shared so live events can invalidate them.
import { useQuery } from "@tanstack/react-query";
import { ApiError, get } from "./client.ts";
import type {
  ActivityItem,
  Announcement,
  AuditEntry,
  BoardEntry,
  BoardStage,
  JamDetail,
  JamView,
  LeaderboardPage,
  ProgressSeries,
  QueueHealth,
  QueueJob,
  RevealView,
  StageDetail,
  StageStat,
  Submission,
  SubmissionRow,
  TokenRow,
  TrackDetail,
  TrackLoadReport,
  TrackSummary,
  User,
} from "./types.ts";

export const keys = {
  me: ["me"] as const,
  jams: ["jams"] as const,
  jam: (slug: string) => ["jam", slug] as const,
  board: (slug: string) => ["board", slug] as const,
  reveal: (slug: string) => ["reveal", slug] as const,
  stats: (slug: string) => ["stats", slug] as const,
  activity: (slug: string) => ["activity", slug] as const,
  progress: (slug: string) => ["progress", slug] as const,
  announcements: (slug: string) => ["announcements", slug] as const,
  enrollment: (slug: string) => ["enrollment", slug] as const,
  participant: (slug: string, username: string) => ["participant", slug, username] as const,
  stage: (slug: string, stage: string) => ["stage", slug, stage] as const,
  submissions: (slug: string) => ["submissions", slug] as const,
  submission: (id: string) => ["submission", id] as const,
  tokens: ["tokens"] as const,
  queue: ["admin", "queue"] as const,
  tracks: ["admin", "tracks"] as const,
  trackReport: ["admin", "tracks", "report"] as const,
  queueJobs: (state: string) => ["admin", "queue", "jobs", state] as const,
  track: (slug: string) => ["admin", "track", slug] as const,
  allSubmissions: (slug: string, user: string) => ["admin", "submissions", slug, user] as const,
  audit: (slug: string | null) => ["admin", "audit", slug] as const,
};

/** The signed-in user, or null for spectators. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        return (await get<{ user: User }>("/auth/me")).user;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export const useJams = () =>
  useQuery({ queryKey: keys.jams, queryFn: async () => (await get<{ jams: JamView[] }>("/jams")).jams });

export const useJam = (slug: string) =>
  useQuery({
    queryKey: keys.jam(slug),
    queryFn: async () => (await get<{ jam: JamDetail }>(`/jams/${slug}`)).jam,
  });

/** One page of the public board (the top 500 unless asked otherwise). */
export const useBoard = (slug: string, { offset = 0, limit = 500 }: { offset?: number; limit?: number } = {}) =>
  useQuery({
    queryKey: [...keys.board(slug), offset, limit],
    // The api answers with an ETag and `no-cache`: the browser revalidates, a 304 costs nothing.
    queryFn: () => get<LeaderboardPage>(`/jams/${slug}/leaderboard?offset=${offset}&limit=${limit}`),
    placeholderData: (prev) => prev,
  });

/** The frozen board, the final one and the steps between them; it does not change once revealed. */
export const useReveal = (slug: string) =>
  useQuery({
    queryKey: keys.reveal(slug),
    queryFn: () => get<RevealView>(`/jams/${slug}/reveal`),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

export const useStats = (slug: string) =>
  useQuery({
    queryKey: keys.stats(slug),
    queryFn: async () => (await get<{ stages: StageStat[] }>(`/jams/${slug}/stats`)).stages,
  });

export const useActivity = (slug: string) =>
  useQuery({
    queryKey: keys.activity(slug),
    queryFn: async () => (await get<{ activity: ActivityItem[] }>(`/jams/${slug}/activity?limit=50`)).activity,
  });

export const useProgress = (slug: string) =>
  useQuery({
    queryKey: keys.progress(slug),
    queryFn: async () => (await get<{ series: ProgressSeries[] }>(`/jams/${slug}/progress?top=10`)).series,
  });

export const useAnnouncements = (slug: string) =>
  useQuery({
    queryKey: keys.announcements(slug),
    queryFn: async () => (await get<{ announcements: Announcement[] }>(`/jams/${slug}/announcements`)).announcements,
  });

export const useEnrollment = (slug: string, enabled: boolean) =>
  useQuery({
    queryKey: keys.enrollment(slug),
    enabled,
    queryFn: () => get<{ enrolled: boolean; language: string | null; cloneUrl: string | null }>(`/jams/${slug}/me`),
  });

export const useParticipant = (slug: string, username: string) =>
  useQuery({
    queryKey: keys.participant(slug, username),
    queryFn: () =>
      get<{ participant: BoardEntry; stages: BoardStage[]; frozen: boolean }>(
        `/jams/${slug}/participants/${encodeURIComponent(username)}`,
      ),
    retry: false,
  });

export const useStage = (slug: string, stage: string) =>
  useQuery({
    queryKey: keys.stage(slug, stage),
    queryFn: async () => (await get<{ stage: StageDetail }>(`/jams/${slug}/stages/${stage}`)).stage,
    retry: false,
  });

export const useMySubmissions = (slug: string, enabled: boolean) =>
  useQuery({
    queryKey: keys.submissions(slug),
    enabled,
    queryFn: async () => (await get<{ submissions: SubmissionRow[] }>(`/jams/${slug}/submissions`)).submissions,
    refetchInterval: (q) => (q.state.data?.some((s) => s.status === "queued" || s.status === "running") ? 3000 : false),
  });

export const useSubmission = (id: string) =>
  useQuery({
    queryKey: keys.submission(id),
    queryFn: async () => (await get<{ submission: Submission }>(`/submissions/${id}`)).submission,
    retry: false,
  });

export const useTokens = () =>
  useQuery({ queryKey: keys.tokens, queryFn: async () => (await get<{ tokens: TokenRow[] }>("/auth/tokens")).tokens });

export const useQueue = () =>
  useQuery({ queryKey: keys.queue, queryFn: () => get<QueueHealth>("/admin/queue"), refetchInterval: 3000 });

export const useTracks = () =>
  useQuery({
    queryKey: keys.tracks,
    queryFn: async () => (await get<{ tracks: TrackSummary[] }>("/admin/tracks")).tracks,
    staleTime: 300_000,
  });

export const useTrackReport = () =>
  useQuery({
    queryKey: keys.trackReport,
    queryFn: async () => (await get<{ report: TrackLoadReport }>("/admin/tracks")).report,
  });

export const useQueueJobs = (state: "waiting" | "active" | "failed") =>
  useQuery({
    queryKey: keys.queueJobs(state),
    queryFn: async () => (await get<{ jobs: QueueJob[] }>(`/admin/queue/jobs?state=${state}`)).jobs,
    refetchInterval: 3000,
  });

export const useTrack = (slug: string) =>
  useQuery({
    queryKey: keys.track(slug),
    queryFn: async () => (await get<{ track: TrackDetail }>(`/admin/tracks/${slug}`)).track,
    staleTime: 300_000,
  });

export const useAllSubmissions = (slug: string, user: string) =>
  useQuery({
    queryKey: keys.allSubmissions(slug, user),
    queryFn: async () =>
      (
        await get<{ submissions: SubmissionRow[] }>(
          `/admin/jams/${slug}/submissions?limit=200${user ? `&user=${encodeURIComponent(user)}` : ""}`,
        )
      ).submissions,
    refetchInterval: 5000,
  });

/** The audit log (of one jam, or all of it), newest first; refreshed after each organizer action. */
export const useAudit = (slug: string | null) =>
  useQuery({
    queryKey: keys.audit(slug),
    queryFn: async () =>
      (await get<{ entries: AuditEntry[] }>(`/admin/audit?limit=100${slug ? `&jam=${encodeURIComponent(slug)}` : ""}`))
        .entries,
  });
