import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { MessageTemplate, SendMessage } from "@/types/api";
import { TemplateForm } from "./template-form";
import { TemplateList } from "./template-list";
import "./templates.css";

export interface TemplatePickerProps {
  /** The conversation's number: its templates are offered. */
  accountId: number;
  canSync: boolean;
  /** Free text is possible too: the picker can be closed to go back to it. */
  windowOpen: boolean;
  onSend: (message: SendMessage) => Promise<void>;
  onClose?: () => void;
}

/**
 * The composer's template mode: choose one of the number's approved templates, fill in
 * its placeholders while watching the preview, and send it.
 */
export function TemplatePicker({ accountId, canSync, windowOpen, onSend, onClose }: TemplatePickerProps) {
  const [chosen, setChosen] = useState<MessageTemplate | null>(null);
  const [backFromForm, setBackFromForm] = useState(false);

  return (
    <section className="template-picker" aria-label="Templates">
      <div className="template-picker__intro">
        <p>
          {windowOpen
            ? "Send an approved template."
            : "Only an approved template can be sent until the customer writes again."}
        </p>
        {windowOpen && onClose ? (
          <Button size="small" variant="ghost" onClick={onClose}>
            Back to message
          </Button>
        ) : null}
      </div>
      {chosen ? (
        <TemplateForm
          key={chosen.id}
          template={chosen}
          onBack={() => {
            setChosen(null);
            setBackFromForm(true);
          }}
          onSend={async (message) => {
            await onSend(message);
            setChosen(null);
          }}
        />
      ) : (
        <TemplateList accountId={accountId} canSync={canSync} onChoose={setChosen} autoFocus={backFromForm} />
      )}
    </section>
  );
}
