import "server-only";
import path from "node:path";
import { getEnv, type Env } from "@/lib/env";
import { createFilesystemBlobStore } from "./filesystem-store";
import { createS3BlobStore } from "./s3-store";
import type { BlobStore } from "./types";

export type { BlobStore, ServedBlob } from "./types";

/** S3 when `S3_BUCKET` is set, else the local folder (`BLOBS_DIR`, default `.data/blobs`). */
export function createBlobStoreFromEnv(env: Env = getEnv()): BlobStore {
  if (env.S3_BUCKET) {
    return createS3BlobStore({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION ?? "us-east-1",
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: env.S3_FORCE_PATH_STYLE ? env.S3_FORCE_PATH_STYLE === "1" : undefined,
      credentials:
        env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
          : undefined,
      serverSideEncryption: env.S3_SSE,
      kmsKeyId: env.S3_KMS_KEY_ID,
    });
  }
  return createFilesystemBlobStore({ root: path.resolve(env.BLOBS_DIR ?? ".data/blobs") });
}

const shared = globalThis as unknown as { __lunaBlobStore?: BlobStore };

/** The process's blob store (built on first use, never at import time). */
export function getBlobStore(): BlobStore {
  return (shared.__lunaBlobStore ??= createBlobStoreFromEnv());
}

/** For tests: use this store until reset with undefined. */
export function setBlobStoreForTesting(store: BlobStore | undefined) {
  shared.__lunaBlobStore = store;
}
