import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { QUICK_REACTIONS } from "../utils/message-actions";

export interface ReactionPickerProps {
  /** The business's current reaction: choosing it again removes it. */
  current: string | null;
  onChoose: (emoji: string) => void;
  disabled?: boolean;
}

/** A small menu of common emojis to react to a message with. */
export function ReactionPicker({ current, onChoose, disabled }: ReactionPickerProps) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="message__action" aria-label="React" title="React" disabled={disabled}>
        <span aria-hidden="true">☺</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu reaction-picker" sideOffset={4} aria-label="Reactions">
          {QUICK_REACTIONS.map((emoji) => (
            <DropdownMenu.CheckboxItem
              key={emoji}
              className="menu__item reaction-picker__item"
              checked={emoji === current}
              aria-label={emoji === current ? `Remove ${emoji}` : `React ${emoji}`}
              onSelect={() => {
                onChoose(emoji === current ? "" : emoji);
              }}
            >
              {emoji}
            </DropdownMenu.CheckboxItem>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
