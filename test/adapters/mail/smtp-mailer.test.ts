import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../../adapters/mail/smtp-mailer.js';

/** A minimal SMTP server on loopback that keeps what it receives: enough for nodemailer's plain session. */
const received: { from: string; to: string[]; data: string }[] = [];
let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((socket) => {
    let mail = { from: '', to: [] as string[], data: '' };
    let inData = false;
    let buffer = '';
    socket.write('220 localhost ESMTP test\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) return;
        mail.data = buffer.slice(0, end);
        buffer = buffer.slice(end + 5);
        inData = false;
        received.push(mail);
        mail = { from: '', to: [], data: '' };
        socket.write('250 queued\r\n');
      }
      let line: number;
      while (!inData && (line = buffer.indexOf('\r\n')) >= 0) {
        const cmd = buffer.slice(0, line);
        buffer = buffer.slice(line + 2);
        if (/^(EHLO|HELO)/i.test(cmd)) socket.write('250 localhost\r\n');
        else if (/^MAIL FROM:/i.test(cmd)) { mail.from = cmd; socket.write('250 ok\r\n'); }
        else if (/^RCPT TO:/i.test(cmd)) { mail.to.push(cmd); socket.write('250 ok\r\n'); }
        else if (/^DATA/i.test(cmd)) { inData = true; socket.write('354 go ahead\r\n'); }
        else if (/^QUIT/i.test(cmd)) { socket.end('221 bye\r\n'); }
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => { await new Promise((resolve) => server.close(resolve)); });

describe('SmtpMailer', () => {
  it('delivers the proposal email over SMTP from the configured sender', async () => {
    const mailer = createSmtpMailer(`smtp://127.0.0.1:${port}?ignoreTLS=true`, 'Smith & Co <proposals@smith.test>')!;

    await mailer.send({ to: 'jane@acme.test', subject: 'Your proposal', text: 'Open it here: http://127.0.0.1/p/abc' });
    mailer.close();

    expect(received).toHaveLength(1);
    expect(received[0]!.from).toContain('proposals@smith.test');
    expect(received[0]!.to).toEqual(['RCPT TO:<jane@acme.test>']);
    expect(received[0]!.data).toContain('Subject: Your proposal');
    expect(received[0]!.data).toContain('http://127.0.0.1/p/abc');
  });

  it('is not created without an SMTP URL', () => {
    expect(createSmtpMailer(undefined, 'x@y.test')).toBeNull();
  });
});
