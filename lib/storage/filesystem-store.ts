import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { randomUUID } from "node:crypto";
import { assertSafeKey, type BlobStore } from "./types";

/**
 * The embedded default: files under a local folder (`.data/blobs`). Served by the app itself (the
 * document link streams the bytes), so nothing here is ever reachable without a valid link. Back the
 * folder up with the database.
 */
export function createFilesystemBlobStore(options: { root: string }): BlobStore {
  const root = path.resolve(options.root);
  const fileOf = (key: string) => {
    assertSafeKey(key);
    const file = path.resolve(root, key);
    if (!file.startsWith(root + path.sep)) throw new Error("blob store: key outside the root");
    return file;
  };

  return {
    kind: "filesystem",
    async put({ key, body }) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename: a reader never sees half a file.
      const partial = `${file}.${randomUUID()}.part`;
      await writeFile(partial, body, { mode: 0o600 });
      await rename(partial, file);
    },
    async serve({ key }) {
      const file = fileOf(key);
      const { size } = await stat(file);
      const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
      return { kind: "stream", body, size };
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}
