import { describeError } from "@/lib/api-client";
import "./field.css";

/** An error shown in place of content that could not load. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  return (
    <div role="alert" className="form-error">
      {title ? <strong>{title} </strong> : null}
      {describeError(error)}
    </div>
  );
}
