// Checks an uploaded source tarball (from `bsod test`) and reads bsod.yml out of it, without
// ever writing an entry to disk.
import { Readable } from "node:stream";
import tar from "tar-stream";
import { ApiError } from "../errors.ts";

export interface TarSummary {
  files: number;
  manifest: string | undefined;
}

export async function inspectTarball(buf: Buffer, maxFiles: number): Promise<TarSummary> {
  const extract = tar.extract();
  let files = 0;
  let manifest: string | undefined;
  const done = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      files++;
      if (files > maxFiles) {
        reject(new ApiError({ code: "payload_too_large", message: `too many files (the limit is ${maxFiles})` }));
        stream.resume();
        return;
      }
      const name = header.name.replace(/^\.\//, "");
      if (name === "bsod.yml" && header.type === "file" && (header.size ?? 0) <= 64 * 1024) {
        const chunks: Buffer[] = [];
        stream.on("data", (d: unknown) => {
          chunks.push(d as Buffer);
        });
        stream.on("end", () => {
          manifest = Buffer.concat(chunks).toString("utf8");
          next();
        });
      } else {
        stream.on("end", () => next());
        stream.resume();
      }
    });
    extract.on("finish", () => resolve());
    extract.on("error", () =>
      reject(new ApiError({ code: "bad_request", message: "the upload is not a tar archive" })),
    );
  });
  Readable.from([buf]).pipe(extract);
  await done;
  if (files === 0) throw new ApiError({ code: "bad_request", message: "the upload is an empty archive" });
  return { files, manifest };
}
