import "./spinner.css";

export function Spinner({ label = "Loading…" }: { label?: string }) {
  return (
    <span className="spinner">
      <span className="spinner__circle" aria-hidden="true" />
      <span className="spinner__label">{label}</span>
    </span>
  );
}
