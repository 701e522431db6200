// Modules that read their own files when they load (the grader's supervisor, the harness
// bundler) stay out of dist/bsod.mjs: the commands that need them load them from source, through
// tsx, and only then. Run from source (npm run bsod), this is a plain dynamic import.
declare const BSOD_BUNDLE: boolean | undefined;

export async function importSource<T>(fromSrc: string): Promise<T> {
  const bundled = typeof BSOD_BUNDLE !== "undefined" && BSOD_BUNDLE;
  if (bundled) {
    const { register } = await import("tsx/esm/api");
    register();
  }
  const url = new URL(`${bundled ? "../src/" : "./"}${fromSrc}`, import.meta.url).href;
  return (await import(url)) as T;
}
