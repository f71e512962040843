// java.lang.String#hashCode, which Kafka's layouts depend on: JVM hash-map iteration orders
// (znode JSON, tool output) and, later, which __consumer_offsets partition coordinates a group.

/** String.hashCode over UTF-16 code units, as a signed 32-bit int. */
export function javaStringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}
