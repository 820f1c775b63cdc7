import { useEffect, useState } from "react";
import { nextWindowTick, serviceWindow, type ServiceWindow } from "../utils/window";

/** The customer service window, re-evaluated exactly when its label would change. */
export function useServiceWindow(expiresAt: string | null | undefined): ServiceWindow {
  const [now, setNow] = useState(() => Date.now());
  const window = serviceWindow(expiresAt, now);
  const delay = nextWindowTick(window);
  useEffect(() => {
    if (delay === null) return;
    const timer = setTimeout(() => {
      setNow(Date.now());
    }, delay);
    return () => {
      clearTimeout(timer);
    };
  }, [delay, now]);
  return window;
}
