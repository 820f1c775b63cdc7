import type { Message } from "@/types/api";
import { interactiveReplyTitle } from "../utils/message-summary";
import { safeHref } from "../utils/safe-href";
import { LinkifiedText } from "./linkified-text";
import { DocumentMedia, PlayableMedia } from "./media-content";

type Loose = Record<string, unknown>;

function asObject(value: unknown): Loose | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Loose) : null;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return null;
}

function Unavailable({ media }: { media: string }) {
  return <p className="message__notice">{media} without content.</p>;
}

function LocationContent({ location }: { location: NonNullable<Message["location"]> }) {
  const { latitude, longitude, name, address, url } = location;
  const hasPoint = latitude != null && longitude != null;
  const link = url ? safeHref(url) : null;
  return (
    <div className="message__location">
      <p className="message__location-name">📍 {name ?? "Location"}</p>
      {address ? <p>{address}</p> : null}
      {hasPoint ? (
        <p>
          <span className="muted">
            {latitude.toFixed(5)}, {longitude.toFixed(5)}
          </span>{" "}
          <a
            href={`https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`}
            target="_blank"
            rel="noopener noreferrer"
          >
            Open in map
          </a>
        </p>
      ) : null}
      {link ? (
        <p>
          <a href={link} target="_blank" rel="noopener noreferrer nofollow">
            {url}
          </a>
        </p>
      ) : null}
    </div>
  );
}

function ContactCards({ contacts }: { contacts: Loose[] }) {
  return (
    <ul className="message__cards" aria-label="Shared contacts">
      {contacts.map((card, index) => {
        const name = asObject(card.name);
        const org = asObject(card.org);
        const title = text(name?.formatted_name) ?? text(name?.first_name) ?? "Contact";
        return (
          <li key={index} className="message__card">
            <p className="message__card-name">👤 {title}</p>
            {org && text(org.company) ? <p className="muted">{text(org.company)}</p> : null}
            {asArray(card.phones).map((entry, i) => {
              const phone = asObject(entry);
              const number = text(phone?.phone) ?? text(phone?.wa_id);
              return number ? (
                <p key={`p${i}`}>
                  {text(phone?.type) ? <span className="muted">{text(phone?.type)}: </span> : null}
                  {number}
                </p>
              ) : null;
            })}
            {asArray(card.emails).map((entry, i) => {
              const email = text(asObject(entry)?.email);
              return email ? <p key={`e${i}`}>{email}</p> : null;
            })}
          </li>
        );
      })}
    </ul>
  );
}

function InteractiveReply({ interactive }: { interactive: Loose }) {
  const kind = text(interactive.type);
  const reply = kind ? asObject(interactive[kind]) : null;
  const label =
    kind === "button_reply"
      ? "Button reply"
      : kind === "list_reply"
        ? "List reply"
        : kind === "nfm_reply"
          ? "Form reply"
          : kind === "call_permission_reply"
            ? "Call permission"
            : "Interactive reply";
  const title = interactiveReplyTitle(interactive);
  const description = text(reply?.description);
  const response = kind === "call_permission_reply" ? text(reply?.response) : null;
  return (
    <div className="message__interactive">
      <p className="message__kind">{label}</p>
      <p className="message__text">{title ?? response ?? "—"}</p>
      {description ? <p className="muted">{description}</p> : null}
    </div>
  );
}

function OrderContent({ order }: { order: Loose }) {
  const items = asArray(order.product_items).map(asObject).filter((item): item is Loose => item !== null);
  let total = 0;
  let currency: string | null = null;
  for (const item of items) {
    const price = Number(item.item_price);
    const quantity = Number(item.quantity);
    if (Number.isFinite(price) && Number.isFinite(quantity)) total += price * quantity;
    currency ??= text(item.currency);
  }
  return (
    <div className="message__order">
      <p className="message__kind">🛒 Order ({items.length} {items.length === 1 ? "item" : "items"})</p>
      <ul>
        {items.map((item, index) => (
          <li key={index}>
            {text(item.quantity) ?? "1"} × {text(item.product_retailer_id) ?? "product"}
            {text(item.item_price) ? ` — ${text(item.item_price)} ${text(item.currency) ?? ""}` : ""}
          </li>
        ))}
      </ul>
      {items.length > 0 && currency ? (
        <p>
          Total: {total.toFixed(2)} {currency}
        </p>
      ) : null}
      {text(order.text) ? <p className="message__text">{text(order.text)}</p> : null}
    </div>
  );
}

function TemplateContent({ template }: { template: Loose }) {
  const language = asObject(template.language);
  const name = text(template.name) ?? "template";
  const parameters = asArray(template.components)
    .map(asObject)
    .flatMap((component) => asArray(component?.parameters))
    .map((parameter) => text(asObject(parameter)?.text))
    .filter((value): value is string => value !== null);
  return (
    <div className="message__template">
      <p className="message__kind">
        Template “{name}”{text(language?.code) ? ` (${text(language?.code)})` : ""}
      </p>
      {parameters.length > 0 ? <p className="message__text">{parameters.join(" · ")}</p> : null}
    </div>
  );
}

function UnsupportedContent({ message }: { message: Message }) {
  const unsupported = asObject(message.unsupported);
  const firstError = asObject(asArray(unsupported?.errors)[0]);
  const reason = text(firstError?.title) ?? text(firstError?.message);
  const type = message.type === "unsupported" ? text(unsupported?.type) : message.type;
  return (
    <p className="message__notice">
      This message {type ? `(${type}) ` : ""}can’t be shown here — open WhatsApp on the phone to see it.
      {reason ? ` ${reason}.` : ""}
    </p>
  );
}

/** The body of a message, drawn according to its WhatsApp type. */
export function MessageContent({ message }: { message: Message }) {
  if (message.deleted || message.type === "revoke") {
    return <p className="message__notice message__notice--deleted">🚫 This message was deleted</p>;
  }
  const media = message.media;
  switch (message.type) {
    case "text":
      return (
        <p className="message__text">
          <LinkifiedText text={message.text?.body ?? ""} />
        </p>
      );
    case "image":
    case "video":
    case "audio":
    case "sticker":
      return media ? <PlayableMedia media={media} kind={message.type} /> : <Unavailable media={message.type} />;
    case "document":
      return media ? <DocumentMedia media={media} /> : <Unavailable media="Document" />;
    case "location":
      return message.location ? <LocationContent location={message.location} /> : <Unavailable media="Location" />;
    case "contacts":
      return <ContactCards contacts={(message.contacts ?? []).map((c) => asObject(c) ?? {})} />;
    case "interactive":
      return message.interactive ? (
        <InteractiveReply interactive={message.interactive} />
      ) : (
        <Unavailable media="Interactive reply" />
      );
    case "button":
      return (
        <div className="message__interactive">
          <p className="message__kind">Button reply</p>
          <p className="message__text">{message.button?.text ?? message.button?.payload ?? "—"}</p>
        </div>
      );
    case "order":
      return message.order ? <OrderContent order={message.order} /> : <Unavailable media="Order" />;
    case "template":
      return message.template ? (
        <TemplateContent template={message.template} />
      ) : (
        <Unavailable media="Template" />
      );
    case "reaction": {
      const emoji = text(asObject(message.reaction)?.emoji);
      return <p className="message__notice">{emoji ? `Reacted ${emoji} to a message` : "Removed a reaction"}</p>;
    }
    case "system":
      return <p className="message__notice">{text(asObject(message.system)?.body) ?? "System notice"}</p>;
    case "request_welcome":
      return <p className="message__notice">The customer opened the chat for the first time.</p>;
    default:
      return <UnsupportedContent message={message} />;
  }
}
