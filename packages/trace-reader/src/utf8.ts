const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Thrown by {@link decodeUtf8} with a description of the first bad byte. */
export class Utf8Error extends Error {
  override readonly name = "Utf8Error";
}

/**
 * Decodes UTF-8 as serde_json reads it: invalid sequences (overlong forms,
 * encoded surrogates, bytes that cannot start or continue a character) are
 * errors, not U+FFFD; a byte order mark is kept, so JSON.parse refuses it
 * as serde does.
 */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return strict.decode(bytes);
  } catch {
    throw new Utf8Error(describeInvalidUtf8(bytes, what));
  }
}

/**
 * Where and why `bytes` is not UTF-8, for people:
 * "not valid UTF-8: byte 0xff at byte 12 of the line cannot start a character".
 * `what` names the bytes ("the line", "the element").
 */
export function describeInvalidUtf8(bytes: Uint8Array, what: string): string {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return `not valid UTF-8: byte 0x${hex(b)} (byte ${i + 1} of ${what}) cannot start a character`;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return `not valid UTF-8: ${what} ends inside the character that starts at its byte ${i + 1}`;
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) {
        return `not valid UTF-8: byte 0x${hex(c)} (byte ${i + k + 1} of ${what}) does not continue the character that starts at byte ${i + 1}`;
      }
      cp = (cp << 6) | (c & 0x3f);
    }
    const wrong =
      cp < min
        ? "an overlong encoding"
        : cp > 0x10ffff
          ? "past U+10FFFF"
          : cp >= 0xd800 && cp <= 0xdfff
            ? "a UTF-16 surrogate"
            : "";
    if (wrong !== "") return `not valid UTF-8: the character at byte ${i + 1} of ${what} is ${wrong}`;
    i += need + 1;
  }
  return "not valid UTF-8";
}

const hex = (b: number): string => b.toString(16).padStart(2, "0");
