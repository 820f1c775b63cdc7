import type { NewAccount } from "../api/connect-account";

/** Checks made before asking the server (which verifies the token with Meta). */
export function validateAccount(account: NewAccount): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!/^\d{5,}$/.test(account.waba_id.trim())) errors.waba_id = "Enter the WhatsApp Business Account id (digits only).";
  if (!/^\d{5,}$/.test(account.phone_number_id.trim())) errors.phone_number_id = "Enter the phone number id (digits only).";
  if (account.access_token.trim().length < 20) errors.access_token = "Paste the system user's access token.";
  return errors;
}
