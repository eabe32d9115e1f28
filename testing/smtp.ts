import { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
}

/**
 * A real SMTP server in-process: nodemailer talks SMTP to it, and tests read back what arrived.
 * `refuse(true)` makes it answer 451 to every message, as a mail server outage would.
 */
export class SmtpCapture {
  readonly messages: CapturedMail[] = [];
  private refusing = false;
  private server?: SMTPServer;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  refuse(on: boolean): void {
    this.refusing = on;
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.refusing) {
            const err = new Error('mailbox temporarily unavailable') as Error & { responseCode: number };
            err.responseCode = 451;
            callback(err);
            return;
          }
          simpleParser(Buffer.concat(chunks)).then(
            (parsed) => {
              this.messages.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed });
              callback();
            },
            (e: Error) => callback(e),
          );
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  /** Resolves when at least `n` messages have arrived (or rejects after `ms`). */
  async waitFor(n: number, ms = 30000): Promise<CapturedMail[]> {
    const until = Date.now() + ms;
    while (this.messages.length < n) {
      if (Date.now() > until) throw new Error(`expected ${n} emails, got ${this.messages.length}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.messages;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
