import { useId } from "react";
import type { MessageTemplate } from "@/types/api";
import type { TemplateValues } from "../utils/template-form";
import { templatePreview } from "../utils/template-preview";

const MEDIA_ICONS: Record<string, string> = { IMAGE: "🖼", VIDEO: "🎬", DOCUMENT: "📄", LOCATION: "📍" };

/** The message as the customer will see it; placeholders still empty show as `{{1}}`. */
export function TemplatePreview({ template, values }: { template: MessageTemplate; values: TemplateValues }) {
  const captionId = useId();
  const preview = templatePreview(template, values);
  const { header } = preview;
  return (
    <figure className="template-preview" aria-labelledby={captionId}>
      <figcaption id={captionId} className="field__label">
        Preview
      </figcaption>
      <div className="template-preview__bubble">
        {header?.kind === "text" ? <p className="template-preview__header">{header.text}</p> : null}
        {header?.kind === "media" ? (
          <p className="template-preview__media">
            <span aria-hidden="true">{MEDIA_ICONS[header.format] ?? "📎"}</span> {header.format.toLowerCase()}
            {header.link ? `: ${header.link}` : ""}
          </p>
        ) : null}
        <p className="template-preview__body">{preview.body}</p>
        {preview.footer ? <p className="template-preview__footer">{preview.footer}</p> : null}
        {preview.buttons.length > 0 ? (
          <ul className="template-preview__buttons" aria-label="Buttons">
            {preview.buttons.map((button) => (
              <li key={button.index} title={button.filledUrl ?? button.phoneNumber ?? undefined}>
                {button.text}
                {button.filledUrl ? <span className="template-preview__url">{button.filledUrl}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </figure>
  );
}
