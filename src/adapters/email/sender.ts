/** What a mail provider's adapter offers (./postmark.ts is the one implemented): send one message. */
export interface EmailMessage {
  to: string[];
  subject: string;
  html: string;
  text: string;
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<{ messageId: string }>;
}
