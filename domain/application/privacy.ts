/**
 * Masking of personal data (issue 5 §5): identity numbers, addresses and phone numbers are masked in
 * emails, logs, search attributes and for users outside the disclosure office.
 */

/** 430602199001011234 → 4306************34: the region prefix and the check digits stay. */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length <= 4) return '*'.repeat(s.length);
  const keepStart = s.length >= 15 ? 4 : 1;
  return s.slice(0, keepStart) + '*'.repeat(s.length - keepStart - 2) + s.slice(-2);
}

/** Keeps the first 6 characters (province/city/district), masks the rest. */
export function maskAddress(address: string): string {
  const chars = [...address.trim()];
  return chars.slice(0, 6).join('') + (chars.length > 6 ? '****' : '');
}

/** 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  const s = phone.trim();
  return s.length < 7 ? '*'.repeat(s.length) : s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
}

/** a.person@example.com → a***@example.com */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at <= 0 ? '***' : `${email[0]}***${email.slice(at)}`;
}

export interface ApplicantView {
  name: string;
  idNumber: string;
  address: string | null;
  phone: string | null;
  email: string | null;
}

/** What a user without the disclosure-office role sees of an applicant. The name stays: letters carry it. */
export function maskApplicant(a: ApplicantView): ApplicantView {
  return {
    name: a.name,
    idNumber: maskIdNumber(a.idNumber),
    address: a.address === null ? null : maskAddress(a.address),
    phone: a.phone === null ? null : maskPhone(a.phone),
    email: a.email === null ? null : maskEmail(a.email),
  };
}
