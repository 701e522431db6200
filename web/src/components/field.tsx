// Labelled form controls, marked up the one way the form styles (and the accessibility checks) expect.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

type InputProps = InputHTMLAttributes<HTMLInputElement>;

/** An input inside its label; `note` is the muted aside after the words, shown in parentheses. */
export function Field({ label, note, ...input }: InputProps & { label: string; note?: string }) {
  return (
    <label>
      {label}
      {note && (
        <>
          {" "}
          <span className="muted">({note})</span>
        </>
      )}
      <input {...input} />
    </label>
  );
}

/** A checkbox before its words. */
export function CheckField({ label, ...input }: Omit<InputProps, "type"> & { label: string }) {
  return (
    <label className="check">
      <input type="checkbox" {...input} />
      {label}
    </label>
  );
}

/** A select with its label above it, tied to it by `id`. */
export function SelectField({
  id,
  label,
  children,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & { id: string; label: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...select}>
        {children}
      </select>
    </div>
  );
}
