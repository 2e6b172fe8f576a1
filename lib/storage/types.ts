/** How a blob reaches a browser: a short-lived URL to redirect to (S3), or its bytes (local folder). */
export type ServedBlob = { kind: "redirect"; url: string } | { kind: "stream"; body: ReadableStream<Uint8Array>; size: number };

/** Where patient files live. Two implementations: S3 (`S3_BUCKET` set) and the local folder `.data/blobs`. */
export interface BlobStore {
  readonly kind: "s3" | "filesystem";
  /** Stores the bytes (S3: always with server-side encryption). Overwrites nothing on purpose: keys are unique ids. */
  put(params: { key: string; body: Uint8Array; contentType: string }): Promise<void>;
  serve(params: { key: string; filename: string; contentType: string; now?: Date }): Promise<ServedBlob>;
  delete(key: string): Promise<void>;
}

/** Seconds a presigned download URL lives: long enough to start the download, too short to share. */
export const PRESIGNED_URL_SECONDS = 60;

const KEY_PATTERN = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

/** Keys are built by Luna from ids; anything else (`..`, absolute paths, odd characters) is refused. */
export function assertSafeKey(key: string) {
  if (!KEY_PATTERN.test(key) || key.split("/").some((part) => part === "." || part === "..")) {
    throw new Error("blob store: refused an unsafe key");
  }
}
