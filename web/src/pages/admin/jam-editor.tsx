// Create or edit a jam: track, schedule, unlock mode, scoring mode and options.
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { patch, post } from "../../api/client.ts";
import { keys, useTracks } from "../../api/queries.ts";
import type { JamView } from "../../api/types.ts";
import { navigate } from "../../router.tsx";
import { bodyFromForm, emptyForm, formFromJam, type JamForm } from "./jam-form.ts";

export function JamEditor({ jam, defaultTrack }: { jam: JamView | null; defaultTrack?: string }) {
  const create = jam === null;
  const tracks = useTracks();
  const qc = useQueryClient();
  const [form, setForm] = useState<JamForm>(() => (jam ? formFromJam(jam) : emptyForm(defaultTrack ?? "")));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof JamForm>(k: K, v: JamForm[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [k]: v }));
  };
  const track = form.track || tracks.data?.[0]?.slug || "";
  const stageCount = tracks.data?.find((t) => t.slug === track)?.stages ?? 0;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const body = bodyFromForm({ ...form, track }, create);
      if (create) {
        const res = await post<{ jam: JamView }>("/admin/jams", body);
        await qc.invalidateQueries({ queryKey: keys.jams });
        navigate(`/admin/jams/${res.jam.slug}`);
      } else {
        await patch(`/admin/jams/${jam.slug}`, body);
        await qc.invalidateQueries({ queryKey: keys.jam(jam.slug) });
        await qc.invalidateQueries({ queryKey: keys.jams });
        setSaved(true);
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form editor" onSubmit={submit} aria-label={create ? "New jam" : "Jam settings"}>
      <fieldset>
        <legend>Basics</legend>
        <div className="row">
          <label>
            Title
            <input
              name="title"
              required
              maxLength={120}
              value={form.title}
              onChange={(e) => set("title", e.target.value)}
            />
          </label>
          {create && (
            <label>
              Slug <span className="muted">(in URLs)</span>
              <input
                name="slug"
                required
                pattern="[a-z0-9][a-z0-9\-]{1,63}"
                title="2-64 lowercase letters, digits or dashes"
                value={form.slug}
                onChange={(e) => set("slug", e.target.value)}
              />
            </label>
          )}
          {create && (
            <div className="field">
              <label htmlFor="jam-track">Track</label>
              <select id="jam-track" name="track" value={track} onChange={(e) => set("track", e.target.value)} required>
                {tracks.data?.map((t) => (
                  <option key={t.slug} value={t.slug}>
                    {t.title} ({t.stages} stages)
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
        <label>
          Description
          <textarea
            name="description"
            rows={3}
            maxLength={4000}
            value={form.description}
            onChange={(e) => set("description", e.target.value)}
          />
        </label>
      </fieldset>

      <fieldset>
        <legend>Schedule</legend>
        <div className="row">
          <label>
            Registration opens <span className="muted">(optional)</span>
            <input
              type="datetime-local"
              name="registrationOpensAt"
              value={form.registrationOpensAt}
              onChange={(e) => set("registrationOpensAt", e.target.value)}
            />
          </label>
          <label>
            Starts
            <input
              type="datetime-local"
              name="startsAt"
              required
              value={form.startsAt}
              onChange={(e) => set("startsAt", e.target.value)}
            />
          </label>
          <label>
            Ends
            <input
              type="datetime-local"
              name="endsAt"
              required
              value={form.endsAt}
              onChange={(e) => set("endsAt", e.target.value)}
            />
          </label>
          <label>
            Freeze the board at <span className="muted">(optional)</span>
            <input
              type="datetime-local"
              name="freezeAt"
              value={form.freezeAt}
              onChange={(e) => set("freezeAt", e.target.value)}
            />
          </label>
        </div>
        <label className="check">
          <input
            type="checkbox"
            name="lateRegistration"
            checked={form.lateRegistration}
            onChange={(e) => set("lateRegistration", e.target.checked)}
          />
          Allow joining after the start
        </label>
      </fieldset>

      <fieldset>
        <legend>Stage unlocks</legend>
        <div className="row">
          <div className="field">
            <label htmlFor="jam-unlock-mode">Unlock mode</label>
            <select
              id="jam-unlock-mode"
              name="unlockMode"
              value={form.unlockMode}
              onChange={(e) => set("unlockMode", e.target.value as JamForm["unlockMode"])}
            >
              <option value="all">All stages at the start</option>
              <option value="interval">One more every …</option>
              <option value="times">At chosen times</option>
            </select>
          </div>
          {form.unlockMode === "interval" && (
            <label>
              Every (minutes)
              <input
                type="number"
                min={1}
                name="everyMinutes"
                value={form.everyMinutes}
                onChange={(e) => set("everyMinutes", e.target.value)}
              />
            </label>
          )}
        </div>
        {form.unlockMode === "times" && (
          <div className="row">
            {Array.from({ length: Math.max(stageCount, 1) }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: one input per stage position
              <label key={i}>
                Stage {i + 1}
                <input
                  type="datetime-local"
                  value={form.unlockTimes[i] ?? ""}
                  onChange={(e) => {
                    const times = [...form.unlockTimes];
                    times[i] = e.target.value;
                    set("unlockTimes", times);
                  }}
                />
              </label>
            ))}
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>Scoring</legend>
        <div className="row">
          <div className="field">
            <label htmlFor="jam-scoring-mode">Scoring mode</label>
            <select
              id="jam-scoring-mode"
              name="scoringMode"
              value={form.scoringMode}
              onChange={(e) => set("scoringMode", e.target.value as JamForm["scoringMode"])}
            >
              <option value="stages">Stages (most stages, then earliest)</option>
              <option value="points">Points (per-stage value, optional decay)</option>
              <option value="metric">Metric (ranked by a measured value)</option>
            </select>
          </div>
          <label>
            First-solve bonus <span className="muted">(points)</span>
            <input
              type="number"
              min={0}
              name="firstSolveBonus"
              value={form.firstSolveBonus}
              onChange={(e) => set("firstSolveBonus", e.target.value)}
            />
          </label>
          {form.scoringMode === "stages" && (
            <label>
              Penalty per failed try <span className="muted">(minutes)</span>
              <input
                type="number"
                min={0}
                name="penaltyMinutes"
                value={form.penaltyMinutes}
                onChange={(e) => set("penaltyMinutes", e.target.value)}
              />
            </label>
          )}
        </div>
        {form.scoringMode !== "stages" && (
          <>
            <label className="check">
              <input type="checkbox" checked={form.decayOn} onChange={(e) => set("decayOn", e.target.checked)} />
              Dynamic value: points decay as more people solve a stage
            </label>
            {form.decayOn && (
              <div className="row">
                <div className="field">
                  <label htmlFor="jam-decay-curve">Curve</label>
                  <select
                    id="jam-decay-curve"
                    value={form.decayFunction}
                    onChange={(e) => set("decayFunction", e.target.value as JamForm["decayFunction"])}
                  >
                    <option value="linear">linear</option>
                    <option value="parabolic">parabolic</option>
                  </select>
                </div>
                <label>
                  Initial
                  <input
                    type="number"
                    min={1}
                    value={form.decayInitial}
                    onChange={(e) => set("decayInitial", e.target.value)}
                  />
                </label>
                <label>
                  Decay
                  <input
                    type="number"
                    min={0}
                    step="any"
                    value={form.decayDecay}
                    onChange={(e) => set("decayDecay", e.target.value)}
                  />
                </label>
                <label>
                  Minimum
                  <input
                    type="number"
                    min={0}
                    value={form.decayMinimum}
                    onChange={(e) => set("decayMinimum", e.target.value)}
                  />
                </label>
              </div>
            )}
          </>
        )}
      </fieldset>

      {error && (
        <p className="callout bad" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={busy}>
          {create ? "Create draft" : "Save changes"}
        </button>
        {saved && (
          <span className="ok-text" role="status">
            Saved ✓
          </span>
        )}
      </div>
    </form>
  );
}
