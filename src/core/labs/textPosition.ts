// `file:line:col` of an offset in a text, counted from the text itself. The yaml package's LineCounter
// misses the line breaks inside flow collections (`{ … }`, `[ … ]`), so its columns there run past the
// end of the line; a position must always point at a real place in the file.

/** A function from a character offset in `text` to `file:line:col` (1-based). */
export function positionsIn(text: string, file: string): (offset: number) => string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    const at = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= at) low = mid;
      else high = mid - 1;
    }
    return `${file}:${low + 1}:${at - starts[low] + 1}`;
  };
}
