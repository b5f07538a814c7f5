/** The email settings form's pure parts: the draft ↔ the saved settings, and which field a provider's refusal is about. */
import type { EmailSettingsAnswer, Payload, RESOLVERS } from '../contract';

export interface EmailDraft {
  provider: 'postmark' | 'none';
  fromAddress: string;
  messageStream: string;
  /** A new server token; empty = keep the saved one. */
  apiKey: string;
  testTo: string;
}

export function emailDraft(saved: EmailSettingsAnswer, testTo = ''): EmailDraft {
  return {
    provider: saved.provider ?? 'none',
    fromAddress: saved.fromAddress ?? '',
    messageStream: saved.messageStream,
    apiKey: '',
    testTo: testTo || (saved.fromAddress ?? ''),
  };
}

/** What Save sends: no provider clears the from-address requirement; an empty token keeps the saved one. */
export function emailSavePayload(draft: EmailDraft): Payload<typeof RESOLVERS.emailSave> {
  const fromAddress = draft.fromAddress.trim();
  return {
    provider: draft.provider === 'none' ? null : draft.provider,
    fromAddress: fromAddress === '' ? null : fromAddress,
    ...(draft.messageStream.trim() ? { messageStream: draft.messageStream.trim() } : {}),
    ...(draft.apiKey.trim() ? { apiKey: draft.apiKey.trim() } : {}),
  };
}

/** Whether the form differs from what is saved (a test email goes out with the saved settings). */
export function emailDirty(draft: EmailDraft, saved: EmailSettingsAnswer): boolean {
  const { testTo: _ignored, ...rest } = draft;
  const { testTo: _also, ...clean } = emailDraft(saved);
  return JSON.stringify(rest) !== JSON.stringify(clean);
}

/** The form field a provider's error code is about (Postmark's codes, src/adapters/email/postmark.ts); null = the send as a whole. */
export function fieldOfProviderError(code: string | null): 'apiKey' | 'fromAddress' | 'messageStream' | null {
  switch (code) {
    case 'postmark-10':
      return 'apiKey';
    case 'postmark-400':
    case 'postmark-401':
      return 'fromAddress';
    case 'postmark-1235':
      return 'messageStream';
    default:
      return null;
  }
}
