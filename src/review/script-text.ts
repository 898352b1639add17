import { gunzipSync } from "node:zlib";

/**
 * The text a reviewer should read for an attribute value that holds a script
 * or other multi-line document: the value itself when it has line breaks, or
 * its decoding when it is base64 (user_data_base64, launch templates), gzipped
 * or not. Undefined for anything else.
 */
export function scriptText(value: string): string | undefined {
  if (value.includes("\n")) return value;
  return decodedText(value);
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Shorter strings are ids and hashes far more often than encoded scripts. */
const MIN_ENCODED = 64;

function decodedText(value: string): string | undefined {
  if (value.length < MIN_ENCODED || value.length % 4 !== 0 || !BASE64.test(value)) return undefined;
  let bytes: Buffer = Buffer.from(value, "base64");
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      return undefined;
    }
  }
  const text = bytes.toString("utf8");
  // Binary data decodes to replacement and control characters; text has line breaks.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is how binary data is told from text
  if (!text.includes("\n") || /[\uFFFD\u0000-\u0008\u000E-\u001F]/.test(text)) return undefined;
  return text;
}
