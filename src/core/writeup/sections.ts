// The writeup's Markdown structure: its "## " sections and the generated evidence block.

export const SECTIONS = ['Symptom', 'Root cause', 'Metric', 'Fix', 'Tradeoff', 'Interview narrative'] as const;
export type SectionName = (typeof SECTIONS)[number];

export const EVIDENCE_START = '<!-- breakfix:evidence:start (generated from your runs by breakfix; your text goes in the sections above) -->';
export const EVIDENCE_END = '<!-- breakfix:evidence:end -->';

export interface Section {
  title: string;
  /** 1-based line of the heading. */
  line: number;
  /** The section's lines (heading excluded), with their 1-based line numbers. */
  body: { n: number; text: string }[];
}

/** The "## " sections outside code fences and outside the evidence block. */
export function parseSections(markdown: string): Section[] {
  const sections: Section[] = [];
  let fenced = false;
  let evidence = false;
  markdown.split(/\r?\n/).forEach((text, i) => {
    const n = i + 1;
    if (text.startsWith(EVIDENCE_START.slice(0, 25))) evidence = true;
    if (evidence) {
      if (text.startsWith(EVIDENCE_END)) evidence = false;
      return;
    }
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    const heading = !fenced && /^##\s+(.+?)\s*#*\s*$/.exec(text);
    if (heading && !text.startsWith('###')) sections.push({ title: heading[1], line: n, body: [] });
    else sections.at(-1)?.body.push({ n, text });
  });
  return sections;
}

export function findSection(sections: readonly Section[], name: string): Section | undefined {
  const key = name.toLowerCase();
  return sections.find((s) => s.title.toLowerCase() === key);
}

/** Words as a reader counts them: letters or digits, with inner apostrophes, hyphens, dots and commas. */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:[’'.,-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** Text without HTML comments, Markdown image/link targets and table rulers. */
export function prose(line: string): string {
  return line
    .replace(/<!--.*?-->/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/^\s*\|?[\s:|-]+\|[\s:|-]*$/, ' ');
}
