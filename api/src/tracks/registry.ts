// Loads the bundled tracks from disk into the database and keeps their harness bundles,
// so a grading job can always ship the harness it needs.

import fs from "node:fs";
import path from "node:path";
import { type LoadedTrack, redisKeys } from "@bsod/contracts";
import { bundleTrack } from "@bsod/harness/bundle";
import { formatIssue, loadTrack, type TrackIssue, TrackValidationError } from "@bsod/harness/loader";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Db } from "../db/schema.ts";
import { stageMetric } from "../db/tables/tracks.ts";

const HARNESS_TTL_S = 30 * 24 * 3600;

interface Entry {
  track: LoadedTrack;
  bundle: { code: string; hash: string };
}

/** What one load of the tracks folder found: the tracks it (re)loaded and the ones it skipped. */
export interface LoadReport {
  at: number;
  loaded: Array<{ slug: string; stages: number }>;
  /** A folder that does not validate, with every problem as file:line: message (paths relative to the tracks folder). */
  failed: Array<{ folder: string; problems: TrackIssue[] }>;
}

export class TrackRegistry {
  private readonly entries = new Map<string, Entry>();
  private report: LoadReport = { at: 0, loaded: [], failed: [] };
  private loading: Promise<LoadReport> | undefined;

  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {}

  get(slug: string): Entry | undefined {
    return this.entries.get(slug);
  }

  list(): Entry[] {
    return [...this.entries.values()];
  }

  /** The last load's report (at start, or the organizer's last reload). */
  lastReport(): LoadReport {
    return this.report;
  }

  /**
   * Loads every track under dir, bundles its harness and upserts it into the database. A track
   * that does not validate is reported and skipped, and its previous version (if one was loaded)
   * stays in use: one broken track never stops the others or the jams running on it. Called at
   * start and again when an organizer reloads the tracks; concurrent calls share one load.
   */
  loadFrom(dir: string): Promise<LoadReport> {
    this.loading ??= this.load(dir).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(dir: string): Promise<LoadReport> {
    const tracks: LoadedTrack[] = [];
    const failed: LoadReport["failed"] = [];
    for (const name of fs.readdirSync(dir).sort()) {
      const trackDir = path.join(dir, name);
      if (!fs.existsSync(path.join(trackDir, "track.yaml"))) continue;
      try {
        tracks.push(loadTrack(trackDir));
      } catch (err) {
        const problems =
          err instanceof TrackValidationError
            ? err.issues.map((i) => ({ ...i, file: path.relative(dir, i.file) || i.file }))
            : [{ file: path.join(name, "track.yaml"), line: 1, message: (err as Error).message }];
        failed.push({ folder: name, problems });
        this.logger.error(
          { track: name, problems: problems.map(formatIssue).join("\n") },
          "track skipped: it does not validate",
        );
      }
    }
    const loaded: LoadReport["loaded"] = [];
    for (const track of tracks) {
      const bundle = await bundleTrack(track);
      this.entries.set(track.manifest.slug, { track, bundle });
      await this.upsert(track, bundle.hash);
      await this.redis.set(redisKeys.harnessBlob(bundle.hash), bundle.code, "EX", HARNESS_TTL_S);
      this.logger.info(
        { track: track.manifest.slug, stages: track.stages.length, harness: bundle.hash.slice(0, 12) },
        "track loaded",
      );
      loaded.push({ slug: track.manifest.slug, stages: track.stages.length });
    }
    this.report = { at: Date.now(), loaded, failed };
    return this.report;
  }

  /** Makes sure the harness blob a job will name is in Redis (it may have expired). */
  async ensureHarnessBlob(slug: string): Promise<string> {
    const entry = this.entries.get(slug);
    if (!entry) throw new Error(`track '${slug}' is not loaded`);
    const key = redisKeys.harnessBlob(entry.bundle.hash);
    const refreshed = await this.redis.expire(key, HARNESS_TTL_S);
    if (refreshed === 0) await this.redis.set(key, entry.bundle.code, "EX", HARNESS_TTL_S);
    return key;
  }

  private async upsert(track: LoadedTrack, harnessHash: string): Promise<void> {
    const m = track.manifest;
    await this.db.transaction().execute(async (tx) => {
      const row = {
        title: m.title,
        summary: m.summary,
        languages: JSON.stringify(m.languages),
        limits: m.limits ? JSON.stringify(m.limits) : null,
        harness_hash: harnessHash,
        updated_at: Date.now(),
      };
      await tx
        .insertInto("tracks")
        .values({ slug: m.slug, ...row })
        .onConflict((oc) => oc.column("slug").doUpdateSet(row))
        .execute();
      await tx.deleteFrom("stages").where("track_slug", "=", m.slug).execute();
      for (const s of track.stages) {
        await tx
          .insertInto("stages")
          .values({
            track_slug: m.slug,
            slug: s.slug,
            position: s.position,
            title: s.title,
            difficulty: s.difficulty,
            points: s.points,
            readme: s.readme,
            limits: s.limits ? JSON.stringify(s.limits) : null,
            metric: s.metric ? stageMetric.encode(s.metric) : null,
          })
          .execute();
      }
    });
  }
}
