// The one error a znode codec throws: the payload is not the JSON (or text) it expects. It lives
// with the JSON reader so that codecs depend only downward, on json/.

/** A znode's payload is not the JSON (or text) its codec expects. */
export class ZnodeDecodeError extends Error {
  constructor(
    readonly znode: string,
    detail: string,
    readonly raw?: string,
  ) {
    super(`cannot decode ${znode}: ${detail}${raw === undefined ? '' : ` (data: ${truncate(raw)})`}`);
    this.name = 'ZnodeDecodeError';
  }
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
