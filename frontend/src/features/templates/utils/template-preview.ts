import type { MessageTemplate } from "@/types/api";
import type { ComponentKey, TemplateValues } from "./template-form";
import { fillPlaceholders, templateLayout, type TemplateButton } from "./template-layout";

/** The message as the customer will see it, with the values typed so far. */
export interface TemplatePreview {
  header: { kind: "text"; text: string } | { kind: "media"; format: string; link: string | null } | null;
  body: string;
  footer: string | null;
  buttons: (TemplateButton & { filledUrl: string | null })[];
}

/** Placeholders without a value stay visible as `{{1}}`, so the agent sees what is missing. */
export function templatePreview(template: MessageTemplate, values: TemplateValues): TemplatePreview {
  const layout = templateLayout(template);
  const from = (component: ComponentKey) => (placeholder: string) => values[`${component}.${placeholder}`];
  const link = values["header.link"]?.trim() ?? "";
  let header: TemplatePreview["header"] = null;
  if (layout.header) {
    header =
      layout.header.format === "TEXT"
        ? { kind: "text", text: fillPlaceholders(layout.header.text ?? "", from("header")) }
        : { kind: "media", format: layout.header.format, link: link === "" ? null : link };
  }
  return {
    header,
    body: fillPlaceholders(layout.body, from("body")),
    footer: layout.footer,
    buttons: layout.buttons.map((button) => ({
      ...button,
      filledUrl: button.url === null ? null : fillPlaceholders(button.url, from(`button ${button.index}`)),
    })),
  };
}
