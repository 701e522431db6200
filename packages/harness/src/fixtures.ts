// Files shipped with a stage (its fixtures/ folder), embedded in the harness bundle.
export type FixtureData = Record<string, string>; // name → base64

export interface Fixtures {
  names(): string[];
  has(name: string): boolean;
  bytes(name: string): Buffer;
  text(name: string): string;
}

export function createFixtures(slug: string, data: FixtureData = {}): Fixtures {
  const get = (name: string): Buffer => {
    const b64 = Object.hasOwn(data, name) ? data[name] : undefined;
    if (b64 === undefined) {
      const known = Object.keys(data);
      throw new Error(
        `stage ${slug} has no fixture ${JSON.stringify(name)} (fixtures: ${known.length ? known.join(", ") : "none"})`,
      );
    }
    return Buffer.from(b64, "base64");
  };
  return {
    names: () => Object.keys(data).sort(),
    has: (name) => Object.hasOwn(data, name),
    bytes: get,
    text: (name) => get(name).toString("utf8"),
  };
}
