/**
 * Report email settings: the provider, the from-address, the message stream and the provider's API key
 * (a Forge secret, only ever shown masked), and a "send test email" that answers what the provider said.
 */
import { RESOLVERS, type EmailSettingsAnswer, type EmailTestAnswer } from '../../contract';
import { createEmailSender, emailApiKeyStore, isEmailSender, type EmailSettings } from '../../adapters/email';
import { egressTransport } from '../../adapters/forgeTransport';
import { isApiError } from '../../adapters/http';
import { createSettingsStore } from '../../adapters/settingsStore';
import { escapeHtml } from '../../reports/render';
import { define, RefusedError } from './define';
import { checkPostmarkToken } from '../../adapters/email/postmark';
import { CheckFailedError, checkWithRetries, retryingTransport } from '../../adapters/checks';
import { rememberSecret, secretProblem } from '../../domain/redact';
import { recordSettingsChange } from './settingsAudit';

const settingsStore = createSettingsStore();

const PROVIDER_NAMES: Record<NonNullable<EmailSettings['provider']>, string> = { postmark: 'Postmark' };

function mask(apiKey: string | undefined): string | null {
  return apiKey ? `••••••••${apiKey.slice(-4)}` : null;
}

function answer(email: EmailSettings, apiKey: string | undefined): EmailSettingsAnswer {
  const sender = createEmailSender(email, apiKey, egressTransport);
  return {
    provider: email.provider,
    fromAddress: email.fromAddress,
    messageStream: email.messageStream,
    apiKey: { saved: apiKey !== undefined && apiKey !== '', masked: mask(apiKey) },
    unavailable: isEmailSender(sender) ? null : sender.unavailable,
  };
}

define(RESOLVERS.emailGet, async () => {
  const [settings, apiKey] = await Promise.all([settingsStore.get(), emailApiKeyStore.get()]);
  return answer(settings.email, apiKey);
});

/**
 * Why a new provider token must not be saved, in a sentence that never quotes it, or null when it works: its
 * characters first, then the provider is asked (Postmark's `GET /server`, which sends nothing). A 429 or 5xx is no
 * verdict: tried again, then "could not check" (CHECK_FAILED), nothing saved.
 */
async function problemWithToken(apiKey: string, provider: EmailSettings['provider']): Promise<string | null> {
  const shape = secretProblem(apiKey, 'email provider token');
  if (shape) return shape;
  if (provider !== 'postmark') return null;
  try {
    await checkWithRetries('the new Postmark server token', 'Postmark', () =>
      checkPostmarkToken(apiKey, retryingTransport(egressTransport)),
    );
    return null;
  } catch (error) {
    if (error instanceof CheckFailedError || !isApiError(error)) throw error;
    return error.message;
  }
}

define(RESOLVERS.emailSave, async ({ provider, fromAddress, messageStream, apiKey }, { accountId }) => {
  if (apiKey) {
    rememberSecret(apiKey); // never quoted, whatever fails below (src/domain/redact.ts)
    const problem = await problemWithToken(apiKey, provider);
    if (problem) {
      const kept = (await emailApiKeyStore.get()) !== undefined;
      const message = `The new token was not saved, nor the other email settings${kept ? '; the previous token is kept' : ''}. ${problem}`;
      throw new RefusedError({ code: 'INVALID_INPUT', message, fields: { apiKey: message } });
    }
  }
  const current = await settingsStore.get();
  const email: EmailSettings = { provider, fromAddress, messageStream: messageStream ?? current.email.messageStream };
  await settingsStore.put({ ...current, email });
  if (apiKey) await emailApiKeyStore.set(apiKey);
  await recordSettingsChange(
    accountId,
    'Email settings',
    current,
    { ...current, email },
    apiKey ? ['emailApiKey'] : [],
  );
  return answer(email, apiKey ?? (await emailApiKeyStore.get()));
});

define(RESOLVERS.emailSendTest, async ({ to }): Promise<EmailTestAnswer> => {
  const [settings, apiKey] = await Promise.all([settingsStore.get(), emailApiKeyStore.get()]);
  const sender = createEmailSender(settings.email, apiKey, egressTransport);
  if (!isEmailSender(sender)) return { sent: false, to, message: sender.unavailable, messageId: null, code: null };
  const provider = settings.email.provider ? PROVIDER_NAMES[settings.email.provider] : 'The email provider';
  const text =
    'This is a test email from the User manager app for Confluence.\n' +
    `Run reports will be sent from ${settings.email.fromAddress ?? 'this address'} through ${provider}.`;
  try {
    const { messageId } = await sender.send({
      to: [to],
      subject: '[User manager] Test email',
      text,
      html: `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`,
    });
    return {
      sent: true,
      to,
      message: `${provider} accepted the test email to ${to} (message id ${messageId}).`,
      messageId,
      code: null,
    };
  } catch (error) {
    if (!isApiError(error)) throw error;
    return { sent: false, to, message: error.message, messageId: null, code: error.code ?? null };
  }
});
