// Tiny indentation-aware line builder for the emitted TypeScript.

export class CodeWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text = ''): void {
    this.lines.push(text === '' ? '' : '  '.repeat(this.depth) + text);
  }

  /** Emits `header {`, the body one level deeper, then `}` (plus an optional suffix). */
  block(header: string, body: () => void, closing = '}'): void {
    this.line(`${header} {`);
    this.depth++;
    body();
    this.depth--;
    this.line(closing);
  }

  indent(body: () => void): void {
    this.depth++;
    body();
    this.depth--;
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}
