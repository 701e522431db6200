// Create or edit a jam: track, schedule, unlock mode, scoring mode and options.
import { useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { patch, post } from "../../api/client.ts";
import { keys, useTracks } from "../../api/queries.ts";
import type { JamView } from "../../api/types.ts";
import { CheckField, Field, SelectField } from "../../components/field.tsx";
import { ActionError } from "../../components/status.tsx";
import { localZoneLabel } from "../../lib/format.ts";
import { useAsyncAction } from "../../lib/use-async-action.ts";
import { navigate } from "../../router.tsx";
import { bodyFromForm, emptyForm, formFromJam, type JamForm } from "./jam-form.ts";
import "./jam-editor.css";

/** The form fields held as the text of an input or the value of a select's option. */
type StringKey = { [K in keyof JamForm]: JamForm[K] extends string ? K : never }[keyof JamForm];

export function JamEditor({ jam, defaultTrack }: { jam: JamView | null; defaultTrack?: string }) {
  const create = jam === null;
  const tracks = useTracks();
  const qc = useQueryClient();
  const [form, setForm] = useState<JamForm>(() => (jam ? formFromJam(jam) : emptyForm(defaultTrack ?? "")));
  const { run, busy, error } = useAsyncAction();
  const [saved, setSaved] = useState(false);
  const set = <K extends keyof JamForm>(k: K, v: JamForm[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [k]: v }));
  };
  /** A control's value and change handler for one field; a select offers only that field's values. */
  const bind = <K extends StringKey>(k: K) => ({
    value: form[k],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
      set(k, e.target.value as JamForm[K]),
  });
  const track = form.track || tracks.data?.[0]?.slug || "";
  const stageCount = tracks.data?.find((t) => t.slug === track)?.stages ?? 0;

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const body = bodyFromForm({ ...form, track }, create);
      if (create) {
        const res = await post<{ jam: JamView }>("/admin/jams", body);
        await qc.invalidateQueries({ queryKey: keys.jams });
        navigate(`/admin/jams/${res.jam.slug}`);
      } else {
        await patch(`/admin/jams/${jam.slug}`, body);
        await qc.invalidateQueries({ queryKey: keys.jam(jam.slug) });
        await qc.invalidateQueries({ queryKey: ["admin", "audit"] });
        await qc.invalidateQueries({ queryKey: keys.jams });
        setSaved(true);
      }
    });
  }

  return (
    <form className="form editor" onSubmit={submit} aria-label={create ? "New jam" : "Jam settings"}>
      <fieldset>
        <legend>Basics</legend>
        <div className="row">
          <Field label="Title" name="title" required maxLength={120} {...bind("title")} />
          {create && (
            <Field
              label="Slug"
              note="in URLs"
              name="slug"
              required
              pattern="[a-z0-9][a-z0-9\-]{1,63}"
              title="2-64 lowercase letters, digits or dashes"
              {...bind("slug")}
            />
          )}
          {create && (
            <SelectField
              id="jam-track"
              label="Track"
              name="track"
              value={track}
              onChange={(e) => set("track", e.target.value)}
              required
            >
              {tracks.data?.map((t) => (
                <option key={t.slug} value={t.slug}>
                  {t.title} ({t.stages} stages)
                </option>
              ))}
            </SelectField>
          )}
        </div>
        <label>
          Description
          <textarea name="description" rows={3} maxLength={4000} {...bind("description")} />
        </label>
      </fieldset>

      <fieldset>
        <legend>Schedule</legend>
        <p className="muted small" data-testid="editor-zone">
          Times are in your time zone, {localZoneLabel()}.
        </p>
        <div className="row">
          <Field
            label="Registration opens"
            note="optional"
            type="datetime-local"
            name="registrationOpensAt"
            {...bind("registrationOpensAt")}
          />
          <Field label="Starts" type="datetime-local" name="startsAt" required {...bind("startsAt")} />
          <Field label="Ends" type="datetime-local" name="endsAt" required {...bind("endsAt")} />
          <Field
            label="Freeze the board at"
            note="optional"
            type="datetime-local"
            name="freezeAt"
            {...bind("freezeAt")}
          />
        </div>
        <CheckField
          label="Allow joining after the start"
          name="lateRegistration"
          checked={form.lateRegistration}
          onChange={(e) => set("lateRegistration", e.target.checked)}
        />
      </fieldset>

      <fieldset>
        <legend>Stage unlocks</legend>
        <div className="row">
          <SelectField id="jam-unlock-mode" label="Unlock mode" name="unlockMode" {...bind("unlockMode")}>
            <option value="all">All stages at the start</option>
            <option value="interval">One more every …</option>
            <option value="times">At chosen times</option>
          </SelectField>
          {form.unlockMode === "interval" && (
            <Field label="Every (minutes)" type="number" min={1} name="everyMinutes" {...bind("everyMinutes")} />
          )}
        </div>
        {form.unlockMode === "times" && (
          <div className="row">
            {Array.from({ length: Math.max(stageCount, 1) }, (_, i) => (
              <Field
                // biome-ignore lint/suspicious/noArrayIndexKey: one input per stage position
                key={i}
                label={`Stage ${i + 1}`}
                type="datetime-local"
                value={form.unlockTimes[i] ?? ""}
                onChange={(e) => {
                  const times = [...form.unlockTimes];
                  times[i] = e.target.value;
                  set("unlockTimes", times);
                }}
              />
            ))}
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>Scoring</legend>
        <div className="row">
          <SelectField id="jam-scoring-mode" label="Scoring mode" name="scoringMode" {...bind("scoringMode")}>
            <option value="stages">Stages (most stages, then earliest)</option>
            <option value="points">Points (per-stage value, optional decay)</option>
            <option value="metric">Metric (ranked by a measured value)</option>
          </SelectField>
          <Field
            label="First-solve bonus"
            note="points"
            type="number"
            min={0}
            name="firstSolveBonus"
            {...bind("firstSolveBonus")}
          />
          {form.scoringMode === "stages" && (
            <Field
              label="Penalty per failed try"
              note="minutes"
              type="number"
              min={0}
              name="penaltyMinutes"
              {...bind("penaltyMinutes")}
            />
          )}
        </div>
        {form.scoringMode !== "stages" && (
          <>
            <CheckField
              label="Dynamic value: points decay as more people solve a stage"
              checked={form.decayOn}
              onChange={(e) => set("decayOn", e.target.checked)}
            />
            {form.decayOn && (
              <div className="row">
                <SelectField id="jam-decay-curve" label="Curve" {...bind("decayFunction")}>
                  <option value="linear">linear</option>
                  <option value="parabolic">parabolic</option>
                </SelectField>
                <Field label="Initial" type="number" min={1} {...bind("decayInitial")} />
                <Field label="Decay" type="number" min={0} step="any" {...bind("decayDecay")} />
                <Field label="Minimum" type="number" min={0} {...bind("decayMinimum")} />
              </div>
            )}
          </>
        )}
      </fieldset>

      <ActionError error={error} />
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
