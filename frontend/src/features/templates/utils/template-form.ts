import { ApiError } from "@/lib/api-client";
import type { MessageTemplate, SendMessage } from "@/types/api";
import { templateLayout } from "./template-layout";

/** The part of a template a value goes into, named as the server names it in field errors. */
export type ComponentKey = "header" | "body" | `button ${number}`;

/** One input of the picker's form: a placeholder to fill, or the link of a media header. */
export interface TemplateField {
  /** Key of the value in the form. */
  key: string;
  component: ComponentKey;
  /** `1`, `first_name`…; null for a media header's link. */
  placeholder: string | null;
  label: string;
  hint: string | null;
  type: "text" | "url";
}

export type TemplateValues = Record<string, string>;

const MEDIA_FORMATS: Record<string, "image" | "video" | "document"> = { IMAGE: "image", VIDEO: "video", DOCUMENT: "document" };

export function isNamed(template: Pick<MessageTemplate, "parameter_format">): boolean {
  return template.parameter_format?.toUpperCase() === "NAMED";
}

const fieldKey = (component: ComponentKey, placeholder: string) => `${component}.${placeholder}`;

/** The inputs a template needs, in the order its parts are shown: header, body, buttons. */
export function templateFields(template: MessageTemplate): TemplateField[] {
  const { header, body, buttons } = template.parameters;
  const layout = templateLayout(template);
  const fields: TemplateField[] = [];
  if (header) {
    const media = MEDIA_FORMATS[header.format.toUpperCase()];
    if (media) {
      fields.push({
        key: "header.link",
        component: "header",
        placeholder: null,
        label: `Header ${media} link`,
        hint: `A public HTTPS link to the ${media}; WhatsApp downloads it when sending.`,
        type: "url",
      });
    }
    for (const placeholder of header.placeholders) {
      fields.push({
        key: fieldKey("header", placeholder),
        component: "header",
        placeholder,
        label: `Header {{${placeholder}}}`,
        hint: null,
        type: "text",
      });
    }
  }
  for (const placeholder of body.placeholders) {
    fields.push({
      key: fieldKey("body", placeholder),
      component: "body",
      placeholder,
      label: `Body {{${placeholder}}}`,
      hint: null,
      type: "text",
    });
  }
  for (const button of buttons) {
    const shown = layout.buttons[button.index];
    for (const placeholder of button.placeholders) {
      const component: ComponentKey = `button ${button.index}`;
      fields.push({
        key: fieldKey(component, placeholder),
        component,
        placeholder,
        label: `Button “${shown?.text ?? button.index + 1}” link ending`,
        hint: shown?.url ? `Completes ${shown.url}` : null,
        type: "text",
      });
    }
  }
  return fields;
}

function isWebLink(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** Problems the agent can fix before sending, by field key: every field is required. */
export function validateTemplateValues(fields: readonly TemplateField[], values: TemplateValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = (values[field.key] ?? "").trim();
    if (value === "") errors[field.key] = "Required.";
    else if (field.type === "url" && !isWebLink(value)) errors[field.key] = "Enter a link starting with https://.";
  }
  return errors;
}

interface TextParameter {
  type: "text";
  text: string;
  parameter_name?: string;
}
type MediaParameter = { type: "image"; image: { link: string } } | { type: "video"; video: { link: string } } | { type: "document"; document: { link: string } };

/** WhatsApp's template object, as `POST /conversations/{id}/messages` takes it. */
export interface TemplatePayload {
  name: string;
  language: { code: string };
  components: (
    | { type: "header"; parameters: (TextParameter | MediaParameter)[] }
    | { type: "body"; parameters: TextParameter[] }
    | { type: "button"; sub_type: string; index: string; parameters: TextParameter[] }
  )[];
}

function mediaParameter(kind: "image" | "video" | "document", link: string): MediaParameter {
  switch (kind) {
    case "image":
      return { type: "image", image: { link } };
    case "video":
      return { type: "video", video: { link } };
    case "document":
      return { type: "document", document: { link } };
  }
}

/**
 * The template object for these values: positional parameters in the order of the
 * placeholders, named ones with `parameter_name`; only parts that take values are sent.
 */
export function buildTemplatePayload(template: MessageTemplate, values: TemplateValues): TemplatePayload {
  const named = isNamed(template);
  const valueOf = (component: ComponentKey, placeholder: string) => (values[fieldKey(component, placeholder)] ?? "").trim();
  const text = (component: ComponentKey, placeholder: string, withName: boolean): TextParameter => ({
    type: "text",
    text: valueOf(component, placeholder),
    ...(withName ? { parameter_name: placeholder } : {}),
  });
  const { header, body, buttons } = template.parameters;
  const components: TemplatePayload["components"] = [];
  if (header) {
    const media = MEDIA_FORMATS[header.format.toUpperCase()];
    if (media) {
      components.push({ type: "header", parameters: [mediaParameter(media, (values["header.link"] ?? "").trim())] });
    } else if (header.placeholders.length > 0) {
      components.push({ type: "header", parameters: header.placeholders.map((p) => text("header", p, named)) });
    }
  }
  if (body.placeholders.length > 0) {
    components.push({ type: "body", parameters: body.placeholders.map((p) => text("body", p, named)) });
  }
  for (const button of buttons) {
    if (button.placeholders.length === 0) continue;
    components.push({
      type: "button",
      sub_type: button.type.toLowerCase(),
      index: String(button.index),
      parameters: button.placeholders.map((p) => text(`button ${button.index}`, p, false)),
    });
  }
  return { name: template.name, language: { code: template.language }, components };
}

/** The message to send: a template with these values. */
export function templateMessage(template: MessageTemplate, values: TemplateValues): SendMessage {
  // The API document types `template` as a free-form object; its shape is checked here instead.
  const payload = buildTemplatePayload(template, values) as unknown as NonNullable<SendMessage["template"]>;
  return { type: "template", template: payload };
}

const COMPONENT_FIELD = /^template\.components\[(header|body|button \d+)\]/;

/**
 * A refused send's field errors, by the part of the template they concern
 * (`template.components[body].parameters` → `body`); the rest (`template.name`…) is general.
 */
export function templateSendErrors(error: unknown): { byComponent: Partial<Record<ComponentKey, string>>; general: string[] } {
  const byComponent: Partial<Record<ComponentKey, string>> = {};
  const general: string[] = [];
  if (!(error instanceof ApiError)) return { byComponent, general };
  for (const { field, message } of error.problem?.errors ?? []) {
    const component = COMPONENT_FIELD.exec(field)?.[1] as ComponentKey | undefined;
    if (component) {
      const known = byComponent[component];
      byComponent[component] = known ? `${known}; ${message}` : message;
    } else {
      general.push(message);
    }
  }
  return { byComponent, general };
}
