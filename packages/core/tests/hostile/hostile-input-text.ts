import fc from 'fast-check';

/**
 * A string as a JavaScript expression, runs of one or two repeated characters folded into
 * `.repeat(n)`: `'['.repeat(3000) + ']'.repeat(3000)` rather than 6000 brackets.
 */
export function foldRepeats(text: string): string {
  const parts: string[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    let folded = false;
    for (const width of [1, 2]) {
      const unit = text.slice(i, i + width);
      let n = 1;
      while (text.startsWith(unit, i + n * width)) n++;
      if (unit.length === width && n >= 16) {
        if (literal) parts.push(JSON.stringify(literal));
        literal = '';
        parts.push(`${JSON.stringify(unit)}.repeat(${n})`);
        i += n * width;
        folded = true;
        break;
      }
    }
    if (!folded) literal += text[i++];
  }
  if (literal || parts.length === 0) parts.push(JSON.stringify(literal));
  return parts.join(' + ');
}

/** A printable form of a property input; `Make` closures are shown by the value they make. */
export function showInput(input: unknown): string {
  const unwrap = (value: unknown): unknown => {
    if (typeof value !== 'function') return value;
    try {
      return (value as () => unknown)();
    } catch (error) {
      return `<make threw ${String(error)}>`;
    }
  };
  const shown = Array.isArray(input) ? input.map(unwrap) : unwrap(input);
  const texts = (Array.isArray(shown) ? shown : [shown]).filter((v): v is string => typeof v === 'string');
  if (texts.length > 0) return texts.map(foldRepeats).join(', ');
  try {
    return fc.stringify(shown);
  } catch (error) {
    return `<not printable: ${String(error)}>`;
  }
}
