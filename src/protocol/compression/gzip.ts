// gzip: a standard gzip stream (java.util.zip's GZIPOutputStream on the Java side).
import { gunzipSync, gzipSync, gunzip, gzip } from 'node:zlib';
import { promisify } from 'node:util';

export const compressGzip = (input: Buffer): Buffer => gzipSync(input);
export const decompressGzip = (input: Buffer): Buffer => gunzipSync(input);
export const compressGzipAsync = promisify(gzip) as (input: Buffer) => Promise<Buffer>;
export const decompressGzipAsync = promisify(gunzip) as (input: Buffer) => Promise<Buffer>;
