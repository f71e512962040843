// The codec ids of the attributes' low three bits (Kafka's CompressionType).

export enum CompressionType {
  None = 0,
  Gzip = 1,
  Snappy = 2,
  Lz4 = 3,
  Zstd = 4,
}
