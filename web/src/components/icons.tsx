// bsod's icon set: small inline SVGs drawn with the text colour, so they look the same on every
// machine (an emoji needs an emoji font, which a big screen's browser often lacks).
import type { ReactNode } from "react";

export type IconName =
  | "megaphone"
  | "wave"
  | "check"
  | "cross"
  | "snowflake"
  | "pause"
  | "lock"
  | "star"
  | "hourglass"
  | "trophy"
  | "arrow-left";

const PATHS: Record<IconName, ReactNode> = {
  megaphone: (
    <>
      <path d="M3 10v4a1 1 0 0 0 1 1h2l5 4V5L6 9H4a1 1 0 0 0-1 1z" />
      <path d="M15 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12" />
    </>
  ),
  wave: (
    <>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M2.5 20a6.5 6.5 0 0 1 13 0M18 8v6M15 11h6" />
    </>
  ),
  check: <path d="M4.5 12.5l5 5 10-11" />,
  cross: <path d="M6 6l12 12M18 6L6 18" />,
  snowflake: <path d="M12 2v20M3.3 7l17.4 10M3.3 17L20.7 7M9 3.5l3 2 3-2M9 20.5l3-2 3 2" />,
  pause: <path d="M9 5v14M15 5v14" />,
  lock: (
    <>
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V7.5a4 4 0 0 1 8 0V11" />
    </>
  ),
  star: <path d="M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1L3.2 9.5l6.1-.9z" />,
  hourglass: <path d="M7 3h10M7 21h10M8 3c0 5 8 6 8 9s-8 4-8 9M16 3c0 5-8 6-8 9s8 4 8 9" />,
  trophy: (
    <>
      <path d="M8 4h8v5a4 4 0 0 1-8 0z" />
      <path d="M8 6H5a3 3 0 0 0 3 4M16 6h3a3 3 0 0 1-3 4M12 13v4M8 21h8M9 17h6" />
    </>
  ),
  "arrow-left": <path d="M19 12H5M11 6l-6 6 6 6" />,
};

/** Decorative unless `label` is given (then it is an image with that name). */
export function Icon({ name, label, className }: { name: IconName; label?: string; className?: string }) {
  const props = {
    className: `icon icon-${name}${className ? ` ${className}` : ""}`,
    viewBox: "0 0 24 24",
    width: "1em",
    height: "1em",
    fill: name === "star" ? "currentColor" : "none",
    stroke: "currentColor",
    strokeWidth: 2,
    strokeLinecap: "round" as const,
    strokeLinejoin: "round" as const,
    focusable: "false" as const,
    "data-icon": name,
  };
  if (label)
    return (
      <svg {...props} role="img" aria-label={label}>
        <title>{label}</title>
        {PATHS[name]}
      </svg>
    );
  return (
    <svg {...props} aria-hidden="true">
      {PATHS[name]}
    </svg>
  );
}
