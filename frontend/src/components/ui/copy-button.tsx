import { useState } from "react";
import { Button } from "./button";

/** Copies `value` to the clipboard and says so (politely announced). */
export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
  };
  return (
    <span className="copy-button">
      <Button size="small" onClick={() => void copy()}>
        {label}
      </Button>
      <span role="status" className="field__hint">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the text and copy it" : ""}
      </span>
    </span>
  );
}
