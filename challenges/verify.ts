// Checks tracks the way CI does: validates every file (`file:line: message`), bundles the
// harness, then runs each starter (must fail stage 1) and each reference solution (must pass
// every stage) in the real runner images.
//   node --import tsx challenges/verify.ts [track...]     (default: every track here)
//   --validate-only   stop after validating and bundling (no Docker needed)

import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleTrack } from "@bsod/harness/bundle";
import { loadTracks, TrackValidationError } from "@bsod/harness/loader";
import { verifyTrack } from "@bsod/harness/verify";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const validateOnly = args.includes("--validate-only");
  const wanted = args.filter((a) => !a.startsWith("--"));
  const tracks = loadTracks(dirname(fileURLToPath(import.meta.url))).filter(
    (t) => wanted.length === 0 || wanted.includes(t.manifest.slug),
  );
  const missing = wanted.filter((w) => !tracks.some((t) => t.manifest.slug === w));
  if (missing.length > 0) {
    console.error(`no track named ${missing.join(", ")}`);
    return 1;
  }
  let bad = 0;
  for (const track of tracks) {
    const bundle = await bundleTrack(track);
    console.log(
      `${track.manifest.slug}: ${track.stages.length} stages valid, harness ${bundle.hash.slice(0, 12)} (${bundle.code.length} bytes)`,
    );
    if (validateOnly) continue;
    for (const r of await verifyTrack(track, bundle.code)) {
      const ok = r.problem === null;
      if (!ok) bad++;
      const last = r.run.messages.filter((m) => m.type === "stage.passed" || m.type === "stage.failed").at(-1);
      const summary =
        last?.type === "stage.failed"
          ? `${last.slug}: ${last.status} — ${last.message.split("\n")[0]}`
          : "all stages passed";
      console.log(`  ${ok ? "ok  " : "FAIL"} ${r.kind}/${r.language}: ${ok ? summary : r.problem}`);
    }
  }
  return bad === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof TrackValidationError ? e.format() : e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
