import type { MessageTemplate } from "@/types/api";

/** A button of a template, as Meta lists it. */
export interface TemplateButton {
  index: number;
  /** `QUICK_REPLY`, `URL`, `PHONE_NUMBER`, `COPY_CODE`, … */
  type: string;
  text: string;
  url: string | null;
  phoneNumber: string | null;
}

/** What a template shows, read from Meta's `components`. */
export interface TemplateLayout {
  header: { format: string; text: string | null } | null;
  body: string;
  footer: string | null;
  buttons: TemplateButton[];
}

type Loose = Record<string, unknown>;

function asObject(value: unknown): Loose | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Loose) : null;
}

function asString(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** Reads the components Meta lists (`HEADER`, `BODY`, `FOOTER`, `BUTTONS`); unknown ones are skipped. */
export function templateLayout(template: Pick<MessageTemplate, "components">): TemplateLayout {
  const layout: TemplateLayout = { header: null, body: "", footer: null, buttons: [] };
  for (const raw of template.components as unknown[]) {
    const component = asObject(raw);
    if (!component) continue;
    switch (asString(component.type)?.toUpperCase()) {
      case "HEADER":
        layout.header ??= { format: asString(component.format)?.toUpperCase() ?? "TEXT", text: asString(component.text) };
        break;
      case "BODY":
        layout.body = asString(component.text) ?? "";
        break;
      case "FOOTER":
        layout.footer = asString(component.text);
        break;
      case "BUTTONS":
        layout.buttons = (Array.isArray(component.buttons) ? component.buttons : []).map((item: unknown, index) => {
          const button = asObject(item) ?? {};
          return {
            index,
            type: asString(button.type)?.toUpperCase() ?? "",
            text: asString(button.text) ?? "",
            url: asString(button.url),
            phoneNumber: asString(button.phone_number),
          };
        });
        break;
      default:
        break;
    }
  }
  return layout;
}

/** `{{1}}`, `{{ first_name }}`: a placeholder in a template's text. */
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** The text with each placeholder that has a value replaced by it; the others are left as they are. */
export function fillPlaceholders(text: string, value: (placeholder: string) => string | undefined): string {
  return text.replace(PLACEHOLDER, (match, name: string) => {
    const filled = value(name);
    return filled === undefined || filled.trim() === "" ? match : filled;
  });
}

/** Why a template cannot be sent from the picker, when it cannot. */
export function unsupportedReason(template: MessageTemplate): string | null {
  if (template.parameters.header?.format.toUpperCase() === "LOCATION") {
    return "Templates with a location header cannot be sent from here yet.";
  }
  if (template.parameters.buttons.some((button) => button.type.toUpperCase() === "COPY_CODE")) {
    return "Templates with a copy-code button cannot be sent from here yet.";
  }
  return null;
}
