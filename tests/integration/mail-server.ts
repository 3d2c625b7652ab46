import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A real SMTP server (from the nodemailer project) on a free port, keeping what it receives. */
export async function startMailServer() {
  const received: Array<{ to: string[]; mail: ParsedMail }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const port = (server.server.address() as AddressInfo).port;
  return {
    received,
    url: `smtp://127.0.0.1:${port}`,
    /** The messages received for one address, parsed as a mail client would. */
    mailTo: (address: string) =>
      received.filter((message) => message.to.includes(address)).map((message) => message.mail),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** A port nothing listens on: a mail server that is down. */
export async function closedPort() {
  const mail = await startMailServer();
  await mail.close();
  return mail.url;
}
