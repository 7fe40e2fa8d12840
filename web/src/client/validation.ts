// Small checks the forms share with the server's rules (e-mail shape, password length), so
// mistakes show before a round trip. The server stays the authority. No texts, no DOM.

/** Minimum password length for accounts (SetupRequest, ChangePassword, CreateUser, reset). */
export const PASSWORD_MIN = 10;

/** Display names: 1–64 characters after trimming (as for tickets). */
export const DISPLAY_NAME_MAX = 64;

/** A plausible e-mail address: something@something, no spaces. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(value.trim());
}

/** Splits pasted text ("a@x.de, b@y.de; c@z.de") into addresses. */
export function splitEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
