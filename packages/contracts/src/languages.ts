// Languages a participant repo can declare in bsod.yml, with their runner image and the
// default build and run commands (a repo may override both in bsod.yml).
export interface LanguageSpec {
  id: string;
  name: string;
  image: string;
  build: string | null;
  run: string;
}

const image = (lang: string) => `bsod/runner-${lang}:latest`;
const OUT = "/work/.bsod-build";

export const LANGUAGES: Record<string, LanguageSpec> = {
  python: { id: "python", name: "Python 3", image: image("python"), build: null, run: "python3 -u main.py" },
  c: {
    id: "c",
    name: "C (gcc)",
    image: image("c"),
    build: `mkdir -p ${OUT} && gcc -O2 -std=c17 -Wall -o ${OUT}/app *.c`,
    run: `${OUT}/app`,
  },
  cpp: {
    id: "cpp",
    name: "C++ (g++)",
    image: image("cpp"),
    build: `mkdir -p ${OUT} && g++ -O2 -std=c++20 -Wall -o ${OUT}/app *.cpp`,
    run: `${OUT}/app`,
  },
  node: { id: "node", name: "JavaScript (Node.js)", image: image("node"), build: null, run: "node main.js" },
  go: { id: "go", name: "Go", image: image("go"), build: `go build -o ${OUT}/app .`, run: `${OUT}/app` },
  rust: {
    id: "rust",
    name: "Rust",
    image: image("rust"),
    build: "cargo build --release --offline",
    run: `${OUT}/target/release/app`,
  },
  asm: {
    id: "asm",
    name: "x86-64 assembly (nasm)",
    image: image("asm"),
    build: `mkdir -p ${OUT} && nasm -f elf64 -o ${OUT}/main.o main.asm && ld -o ${OUT}/app ${OUT}/main.o`,
    run: `${OUT}/app`,
  },
  zig: {
    id: "zig",
    name: "Zig",
    image: image("zig"),
    build: `mkdir -p ${OUT} && zig build-exe -O ReleaseSafe -femit-bin=${OUT}/app main.zig`,
    run: `${OUT}/app`,
  },
};

export function languageSpec(id: string): LanguageSpec | undefined {
  return Object.hasOwn(LANGUAGES, id) ? LANGUAGES[id] : undefined;
}
