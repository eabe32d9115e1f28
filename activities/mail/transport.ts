import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

/** Where mail goes: a real SMTP server, or `.eml` files a user can open when no SMTP_URL is configured. */
export interface Mailer {
  send(message: Mail.Options & { messageId: string }): Promise<void>;
  /** For /healthz: can the transport accept mail now? */
  verify(): Promise<boolean>;
  readonly description: string;
  close(): void;
}

export function smtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    description: `SMTP ${new URL(url).host}`,
    async send(message) {
      await transport.sendMail(message);
    },
    async verify() {
      return transport.verify().then(
        () => true,
        () => false,
      );
    },
    close: () => transport.close(),
  };
}

export function outboxMailer(dir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    description: `files in ${dir}`,
    async send(message) {
      const info = await transport.sendMail(message);
      await fs.mkdir(dir, { recursive: true });
      const safe = message.messageId.replace(/[^\w.-]+/g, '_');
      await fs.writeFile(path.join(dir, `${safe}.eml`), info.message as Buffer);
    },
    async verify() {
      await fs.mkdir(dir, { recursive: true });
      return true;
    },
    close: () => transport.close(),
  };
}
