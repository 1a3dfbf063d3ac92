/** Sends proposal emails over SMTP with nodemailer; compose uses it only when SMTP_URL is set. */
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailMessage, Mailer } from '../../domain/proposals/ports.js';

export class SmtpMailer implements Mailer {
  constructor(private readonly transport: Transporter, private readonly from: string) {}

  async send(m: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}) });
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * `smtp://user:pass@host:587` or `smtps://…`. Timeouts keep a dead mail server from holding a chat
 * command or a job for minutes. Returns null without a URL: links are then shared from chat.
 */
export const createSmtpMailer = (smtpUrl: string | undefined, from: string): SmtpMailer | null =>
  smtpUrl
    ? new SmtpMailer(nodemailer.createTransport(`${smtpUrl}${smtpUrl.includes('?') ? '&' : '?'}connectionTimeout=10000&greetingTimeout=10000&socketTimeout=20000`), from)
    : null;
