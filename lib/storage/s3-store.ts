import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, type ServerSideEncryption } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { assertSafeKey, PRESIGNED_URL_SECONDS, type BlobStore } from "./types";

export interface S3StoreOptions {
  bucket: string;
  region: string;
  /** An S3-compatible server (MinIO, R2, s3rver …); path-style addressing is then the default. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Without them the SDK's default chain is used (AWS_ACCESS_KEY_ID…, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** "AES256" (S3-managed keys, the default) or "aws:kms" (with kmsKeyId, or the bucket's default KMS key). */
  serverSideEncryption?: "AES256" | "aws:kms";
  kmsKeyId?: string;
  presignSeconds?: number;
  /** For tests: a client built elsewhere. */
  client?: S3Client;
}

export function createS3BlobStore(options: S3StoreOptions): BlobStore {
  const client =
    options.client ??
    new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
      credentials: options.credentials,
    });
  const sse: ServerSideEncryption = options.serverSideEncryption ?? "AES256";
  const presignSeconds = options.presignSeconds ?? PRESIGNED_URL_SECONDS;

  return {
    kind: "s3",
    async put({ key, body, contentType }) {
      assertSafeKey(key);
      await client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ContentLength: body.byteLength,
          ServerSideEncryption: sse,
          SSEKMSKeyId: sse === "aws:kms" ? options.kmsKeyId : undefined,
        }),
      );
    },
    async serve({ key, filename, contentType, now }) {
      assertSafeKey(key);
      const command = new GetObjectCommand({
        Bucket: options.bucket,
        Key: key,
        ResponseContentType: contentType,
        ResponseContentDisposition: `inline; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
        ResponseCacheControl: "no-store",
      });
      // Signed at request time: the URL dies with these credentials' minute, never stored or messaged.
      const url = await getSignedUrl(client, command, { expiresIn: presignSeconds, signingDate: now ?? new Date() });
      return { kind: "redirect", url };
    },
    async delete(key) {
      assertSafeKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: key }));
    },
  };
}
