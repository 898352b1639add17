/**
 * Sensitive-information types the guardrail filters, from Bedrock's built-in
 * PII detectors. The list favours what turns up in a company's chat and
 * documents (people, contacts, payment data, credentials); it leaves out
 * types that would mask ordinary business text, such as AGE, URL or
 * USERNAME.
 *
 * Bedrock has no detector for Japanese identifiers such as the My Number;
 * add a regexes_config entry to the guardrail for those.
 */
export const GUARDRAIL_PII_ENTITIES = [
  "NAME",
  "EMAIL",
  "PHONE",
  "ADDRESS",
  "CREDIT_DEBIT_CARD_NUMBER",
  "CREDIT_DEBIT_CARD_CVV",
  "CREDIT_DEBIT_CARD_EXPIRY",
  "PIN",
  "PASSWORD",
  "AWS_ACCESS_KEY",
  "AWS_SECRET_KEY",
  "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
  "SWIFT_CODE",
  "IP_ADDRESS",
  "DRIVER_ID",
  "US_PASSPORT_NUMBER",
  "US_SOCIAL_SECURITY_NUMBER",
] as const;

/** The Bedrock guardrail action for each `bedrock.guardrail.pii` mode. */
export const PII_ACTION = { anonymize: "ANONYMIZE", block: "BLOCK" } as const;
