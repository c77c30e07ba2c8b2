// Text output to lines, for logs and child processes.
import { StringDecoder } from 'node:string_decoder';

export function splitLines(text: string): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Turns chunks into whole lines; a partial line (or UTF-8 sequence) waits for the next chunk or flush(). */
export class LineSplitter {
  private rest = '';
  private readonly decoder = new StringDecoder('utf8');
  constructor(private readonly onLine: (line: string) => void) {}
  push(chunk: Buffer | string) {
    const lines = (this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk))).split('\n');
    this.rest = lines.pop() ?? '';
    for (const l of lines) this.onLine(l.replace(/\r$/, ''));
  }
  flush() {
    const last = this.rest + this.decoder.end();
    if (last) this.onLine(last.replace(/\r$/, ''));
    this.rest = '';
  }
}
