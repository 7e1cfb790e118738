/**
 * The fenced code blocks of a Markdown document, each with the `<!-- not-runnable: reason -->`
 * marker on the last non-blank line before it, when there is one.
 */
export interface MarkdownBlock {
  /** The document, relative to the repository's root. */
  file: string;
  /** The line of the opening fence, 1-based. */
  line: number;
  lang: string;
  code: string;
  /** The reason the block does not run, when it is marked. */
  notRunnable?: string;
  /** The block right after this one when it has no language or is `text`: what this one prints. */
  output?: string;
}

const MARKER = /<!--\s*not-runnable:\s*(.*?)\s*-->/;

export function markdownBlocks(file: string, text: string): MarkdownBlock[] {
  const lines = text.split('\n');
  const blocks: MarkdownBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})([\w-]*)[^`]*$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[2]!;
    let end = i + 1;
    while (end < lines.length && lines[end]!.trim() !== fence) end++;
    const indent = open[1]!.length;
    const code = lines
      .slice(i + 1, end)
      .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
      .join('\n');
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const marker = before >= 0 ? MARKER.exec(lines[before]!) : null;
    blocks.push({ file, line: i + 1, lang: open[3]!, code, ...(marker ? { notRunnable: marker[1]! } : {}) });
    i = end;
  }
  // A listing with no language (or `text`) right after a ts block, with at most a short lead-in
  // line between ("prints"), is what that block prints.
  for (let b = 0; b + 1 < blocks.length; b++) {
    const next = blocks[b + 1]!;
    const gap = lines
      .slice(blocks[b]!.line + blocks[b]!.code.split('\n').length + 1, next.line - 1)
      .filter((l) => l.trim() !== '');
    const leadIn = gap.length === 0 || (gap.length === 1 && gap[0]!.trim().length <= 30);
    if (blocks[b]!.lang === 'ts' && (next.lang === '' || next.lang === 'text') && leadIn) {
      blocks[b]!.output = next.code;
    }
  }
  return blocks;
}
