import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import { fillPlaceholders } from "../templates/fill-placeholders";

/**
 * A stand-in for Twilio's Messages API on 127.0.0.1, for tests that drive the real twilio SDK over a
 * real socket: POST …/Messages.json creates a message (or misbehaves as told), GET …/Messages.json
 * lists them newest first by To, as Twilio does (and, like Twilio, a `DateSent>` filter leaves out
 * messages not sent yet). What the fake *accepted* is what reached the patient: tests count it.
 *
 * Behaviours per request (`behave`):
 *   accept              201, stored
 *   accept_then_504     stored, then a gateway's 504 (HTML, no JSON): accepted, but the caller cannot know
 *   hang_accepted       stored, never answered (the caller's timeout fires)
 *   hang_lost           not stored, never answered
 *   rate_limited        429 with Retry-After (seconds), not stored
 *   error_500           500 with Twilio's JSON, not stored
 */
export type FakeBehaviour =
  "accept" | "accept_then_504" | "hang_accepted" | "hang_lost" | { status: 429; retryAfterS: number } | { status: 500 };

export interface AcceptedMessage {
  sid: string;
  to: string;
  body: string;
  at: number;
}

export interface FakeTwilio {
  readonly baseUrl: string;
  readonly accepted: AcceptedMessage[];
  /** Every create request, in arrival order, with what was done to it. */
  readonly requests: { to: string; behaviour: string; at: number }[];
  readonly listRequests: URLSearchParams[];
  behave(fn: (request: { n: number; to: string; at: number }) => FakeBehaviour): void;
  /** Called when a request arrives, before it is answered (e.g. to kill the sender mid-send). */
  onRequest(fn: (request: { n: number; to: string }) => void): void;
  /** How many messages each address received. */
  receivedBy(): Map<string, number>;
  close(): Promise<void>;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json(\?.*)?$/;

/** `contentBodies`: ContentSid → the approved template text with {{n}}, so a WhatsApp message is stored with its text, as Twilio does. */
export async function startFakeTwilio(options: { contentBodies?: Record<string, string> } = {}): Promise<FakeTwilio> {
  const accepted: AcceptedMessage[] = [];
  const requests: FakeTwilio["requests"] = [];
  const listRequests: URLSearchParams[] = [];
  const sockets = new Set<Socket>();
  let behaviour: (request: { n: number; to: string; at: number }) => FakeBehaviour = () => "accept";
  let listener: ((request: { n: number; to: string }) => void) | null = null;

  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const resource = (m: AcceptedMessage, account: string) => {
    const created = new Date(m.at).toUTCString();
    return {
      sid: m.sid,
      account_sid: account,
      to: m.to,
      body: m.body,
      status: "queued",
      direction: "outbound-api",
      date_created: created,
      date_updated: created,
      // Queued: not sent yet.
      date_sent: null,
      error_code: null,
      error_message: null,
      num_segments: "1",
      api_version: "2010-04-01",
    };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const match = MESSAGES_PATH.exec(req.url ?? "");
      if (!match) return json(res, 404, { code: 20404, message: "not found", status: 404 });
      const account = match[1];
      if (req.method === "GET") {
        const query = new URL(req.url!, "http://fake").searchParams;
        listRequests.push(query);
        const to = query.get("To");
        const sentAfter = query.get("DateSent>");
        const messages = accepted
          .filter((m) => !to || m.to === to)
          // date_sent is null until Twilio sends: a DateSent filter never matches a queued message.
          .filter(() => !sentAfter)
          .sort((a, b) => b.at - a.at)
          .slice(0, Number(query.get("PageSize") ?? 50))
          .map((m) => resource(m, account));
        return json(res, 200, {
          messages,
          first_page_uri: req.url,
          next_page_uri: null,
          previous_page_uri: null,
          page: 0,
          page_size: messages.length,
          start: 0,
          end: messages.length,
          uri: req.url,
        });
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const to = form.get("To") ?? "";
      const n = requests.length;
      const at = Date.now();
      const told = behaviour({ n, to, at });
      requests.push({ to, behaviour: typeof told === "string" ? told : `http_${told.status}`, at });
      listener?.({ n, to });
      const store = () => {
        const contentSid = form.get("ContentSid");
        const values = JSON.parse(form.get("ContentVariables") ?? "{}") as Record<string, string>;
        const template = contentSid ? options.contentBodies?.[contentSid] : undefined;
        const body =
          form.get("Body") ?? (template ? fillPlaceholders({ body: template, values: Object.keys(values).map((k) => values[k]) }) : "");
        const message = { sid: `SM${String(accepted.length + 1).padStart(32, "0")}`, to, body, at };
        accepted.push(message);
        return message;
      };
      if (told === "accept") return json(res, 201, resource(store(), account));
      if (told === "accept_then_504") {
        store();
        const html = "<html><body>504 Gateway Time-out</body></html>";
        res.writeHead(504, { "content-type": "text/html", "content-length": Buffer.byteLength(html) });
        return res.end(html);
      }
      if (told === "hang_accepted") {
        store();
        return; // never answered
      }
      if (told === "hang_lost") return;
      if (told.status === 429) {
        return json(res, 429, { code: 20429, message: "Too Many Requests", status: 429 }, { "retry-after": String(told.retryAfterS) });
      }
      return json(res, 500, { code: 20500, message: "Internal Server Error", status: 500 });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accepted,
    requests,
    listRequests,
    behave(fn) {
      behaviour = fn;
    },
    onRequest(fn) {
      listener = fn;
    },
    receivedBy() {
      const counts = new Map<string, number>();
      for (const m of accepted) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
      return counts;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** twilio-node has no base-URL option: its RequestClient gets the URI rewritten to the fake (INTEGRATIONS §6). */
export class LoopbackRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    options: { timeout?: number } = {},
  ) {
    super({ keepAlive: true, timeout: options.timeout });
    this.axios.defaults.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 20 });
  }
  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({ ...opts, uri: opts.uri.replace(/^https:\/\/api\.twilio\.com/, this.baseUrl) });
  }
}
