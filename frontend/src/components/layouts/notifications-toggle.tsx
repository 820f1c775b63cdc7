import { Button } from "@/components/ui/button";
import { useNotificationSetting } from "@/lib/notifications";

const HINTS = {
  on: "Desktop notifications are on: new customer messages are announced while WinMessages is in the background.",
  off: "Turn on desktop notifications for new customer messages.",
  denied: "Notifications are blocked for this site: allow them in the browser's site settings.",
} as const;

/** Turns desktop notifications on or off; the browser asks for permission on the first click. */
export function NotificationsToggle() {
  const { setting, enable, disable } = useNotificationSetting();
  if (setting === "unsupported") return null;
  const on = setting === "on";
  return (
    <>
      <Button
        variant="ghost"
        size="small"
        className="app-shell__notifications"
        aria-pressed={on}
        aria-disabled={setting === "denied"}
        aria-describedby="notifications-hint"
        title={HINTS[setting]}
        onClick={() => {
          if (setting === "denied") return;
          if (on) disable();
          else void enable();
        }}
      >
        <span aria-hidden="true">{on ? "🔔" : "🔕"}</span>
        <span className="visually-hidden">Desktop notifications</span>
      </Button>
      <span id="notifications-hint" className="visually-hidden">
        {HINTS[setting]}
      </span>
    </>
  );
}
