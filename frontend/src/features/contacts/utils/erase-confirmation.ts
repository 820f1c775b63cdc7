import type { Contact } from "@/types/api";

const digits = (value: string) => value.replace(/\D/g, "");

/**
 * Whether `typed` names the contact: their name as shown (any case), or their number
 * (phone number or WhatsApp id; spaces, dashes and "+" are ignored).
 */
export function confirmsErasure(contact: Pick<Contact, "display_name" | "phone_number" | "wa_id">, typed: string): boolean {
  const text = typed.trim();
  if (text === "") return false;
  if (text.toLocaleLowerCase() === contact.display_name.trim().toLocaleLowerCase()) return true;
  const typedDigits = digits(text);
  // Only a number typed as a number: "Room 12" does not confirm a contact whose id is 12.
  if (typedDigits === "" || /[^\d\s+().-]/.test(text)) return false;
  return [contact.phone_number, contact.wa_id].some((number) => number != null && digits(number) === typedDigits);
}
