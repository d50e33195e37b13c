import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A local SMTP server that keeps what it receives, can answer 451 to the next N messages, and can
 * take its time (`delayMs`) before accepting a message (it is in `received` once accepted);
 * `dataStarted` counts messages begun.
 */
export type Received = { envelopeTo: string[]; raw: Buffer; parsed: ParsedMail };

export function startSmtpServer() {
  const received: Received[] = [];
  const state = { failNext: 0, delayMs: 0, dataStarted: 0 };
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    logger: false,
    onData(stream, session, reply) {
      state.dataStarted += 1;
      const delayMs = state.delayMs;
      const callback = (error?: Error, accepted?: Received) => {
        const answer = () => {
          if (accepted) received.push(accepted);
          reply(error);
        };
        if (delayMs > 0) setTimeout(answer, delayMs);
        else answer();
      };
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (state.failNext > 0) {
          state.failNext -= 1;
          const error = Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => callback(undefined, { envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw, parsed }),
          (error: Error) => callback(error),
        );
      });
    },
  });
  return {
    received,
    state,
    async listen(): Promise<number> {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return (server.server.address() as AddressInfo).port;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

