// Languages a participant repo can declare in bsod.yml, with their runner image and the
// default build and run commands (a repo may override both).
export interface LanguageSpec {
  id: string;
  name: string;
  image: string;
  build: string | null;
  run: string;
}

const image = (lang: string) => `bsod/runner-${lang}:latest`;

export const LANGUAGES: Record<string, LanguageSpec> = {
  python: { id: "python", name: "Python 3", image: image("python"), build: null, run: "python3 -u main.py" },
  c: {
    id: "c",
    name: "C (gcc)",
    image: image("c"),
    build: "gcc -O2 -std=c17 -Wall -o /work/.bsod-build/app *.c",
    run: "/work/.bsod-build/app",
  },
};

export function languageSpec(id: string): LanguageSpec | undefined {
  return Object.hasOwn(LANGUAGES, id) ? LANGUAGES[id] : undefined;
}
