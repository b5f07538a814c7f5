/**
 * Email on Forge: there is no Forge email API, so reports go through a transactional email provider's HTTP
 * API by declared egress (manifest.yml permissions.external.fetch.backend). Postmark is the one implemented
 * (./postmark.ts). The provider and from-address are settings; the provider's API key is a Forge secret
 * (storage key `email-api-key`) that never goes back to the page and never into an email.
 */
import { kvs } from '@forge/kvs';
import { egressTransport } from '../forgeTransport';
import { ApiError, type HttpTransport } from '../http';
import { rememberSecret, secretProblem } from '../../domain/redact';
import { createSettingsStore } from '../settingsStore';
import { keys } from '../storageKeys';
import type { Settings } from '../../engine/settings';
import { createPostmarkSender } from './postmark';
import type { EmailSender } from './sender';

export type { EmailMessage, EmailSender } from './sender';

export type EmailSettings = Settings['email'];

const KEPT = 'the report is kept in the run history.';
export const EMAIL_UNAVAILABLE = {
  noProvider: `No email provider is configured in Settings; ${KEPT}`,
  noFromAddress: `No from-address for report emails is set in Settings; ${KEPT}`,
  noApiKey: `No API key for the email provider is saved in Settings; ${KEPT}`,
} as const;

/** The provider's API key, kept as a Forge secret. */
export const emailApiKeyStore = {
  async get(): Promise<string | undefined> {
    const apiKey = await kvs.getSecret<string>(keys.emailApiKey());
    rememberSecret(apiKey); // never quoted from here on (src/domain/redact.ts)
    return apiKey;
  },
  async set(apiKey: string): Promise<void> {
    rememberSecret(apiKey);
    await kvs.setSecret(keys.emailApiKey(), apiKey);
  },
};

/**
 * The sender the settings describe, or why there is none. Pure: the transport and the key are passed in,
 * so tests and the resolvers' "send test email" share it.
 */
export function createEmailSender(
  email: EmailSettings,
  apiKey: string | undefined,
  transport: HttpTransport,
): EmailSender | { unavailable: string } {
  if (!email.provider) return { unavailable: EMAIL_UNAVAILABLE.noProvider };
  if (!email.fromAddress) return { unavailable: EMAIL_UNAVAILABLE.noFromAddress };
  if (!apiKey) return { unavailable: EMAIL_UNAVAILABLE.noApiKey };
  // A token saved before tokens were checked (a pasted line break) never reaches a header: a configuration error,
  // so a run fails at once saying what to fix instead of retrying a request that cannot be sent.
  const problem = secretProblem(apiKey, 'saved email provider token');
  if (problem) return malformedToken(problem);
  switch (email.provider) {
    case 'postmark':
      return createPostmarkSender({
        serverToken: apiKey,
        fromAddress: email.fromAddress,
        messageStream: email.messageStream,
        transport,
      });
  }
}

function malformedToken(problem: string): EmailSender {
  return {
    send() {
      return Promise.reject(
        new ApiError({
          kind: 'unauthorized',
          operation: 'sendEmail',
          retryable: false,
          code: 'postmark-10',
          message: `${problem} Save the token again in the app's Settings → Email.`,
        }),
      );
    },
  };
}

export async function createEmailSenderFromSettings(): Promise<EmailSender | { unavailable: string }> {
  const [settings, apiKey] = await Promise.all([createSettingsStore().get(), emailApiKeyStore.get()]);
  return createEmailSender(settings.email, apiKey, egressTransport);
}

export const isEmailSender = (value: EmailSender | { unavailable: string }): value is EmailSender => 'send' in value;
