/**
 * Wires Settings → Email reports: load, save (the token is sent once and never read back), and "send test email",
 * which saves pending changes first (the test goes out with the saved settings) and shows what the provider said:
 * beside the field it is about (a bad token, an unconfirmed from-address), or under the button.
 */
import React, { useEffect, useState } from 'react';
import { RESOLVERS, type EmailSettingsAnswer, type EmailTestAnswer } from '../../contract';
import { call } from '../effects';
import { emailDirty, emailDraft, emailSavePayload, fieldOfProviderError, type EmailDraft } from '../email';
import { useLoad } from '../hooks';
import type { Notice } from '../navigation';
import { WhenLoaded } from '../components/common';
import { EmailSettingsSection } from '../components/EmailSettings';

export function EmailSettingsScreen() {
  const loaded = useLoad(() => call<EmailSettingsAnswer>(RESOLVERS.emailGet, {}), []);
  const [saved, setSaved] = useState<EmailSettingsAnswer | null>(null);
  const [draft, setDraft] = useState<EmailDraft | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saveFeedback, setSaveFeedback] = useState<Notice | null>(null);
  const [test, setTest] = useState<{ busy: boolean; result: EmailTestAnswer | null }>({ busy: false, result: null });
  useEffect(() => {
    if (loaded.status === 'ready') {
      setSaved(loaded.data);
      setDraft(emailDraft(loaded.data));
    }
  }, [loaded]);

  const save = async (current: EmailDraft): Promise<boolean> => {
    const answer = await call<EmailSettingsAnswer>(RESOLVERS.emailSave, emailSavePayload(current));
    if (!answer.ok) {
      setFields(answer.error.fields ?? {});
      setSaveFeedback({ kind: 'error', text: answer.error.message });
      return false;
    }
    setFields({});
    setSaved(answer.data);
    setDraft(emailDraft(answer.data, current.testTo));
    return true;
  };
  const onSave = async () => {
    if (!draft) return;
    setTest({ busy: false, result: null });
    if (await save(draft)) setSaveFeedback({ kind: 'success', text: 'Email settings saved.' });
  };
  const onSendTest = async () => {
    if (!draft || !saved) return;
    setTest({ busy: true, result: null });
    if (emailDirty(draft, saved) && !(await save(draft))) return setTest({ busy: false, result: null });
    const answer = await call<EmailTestAnswer>(RESOLVERS.emailSendTest, { to: draft.testTo.trim() });
    if (!answer.ok) {
      setFields(answer.error.fields ?? {});
      return setTest({
        busy: false,
        result: { sent: false, to: draft.testTo, message: answer.error.message, messageId: null, code: null },
      });
    }
    const field = answer.data.sent ? null : fieldOfProviderError(answer.data.code);
    // A refusal about one field is shown beside it; anything else under the button.
    setFields(field ? { [field]: answer.data.message } : {});
    setTest({ busy: false, result: field ? null : answer.data });
  };
  return (
    <WhenLoaded loaded={loaded} what="the email settings">
      {() =>
        saved &&
        draft && (
          <EmailSettingsSection
            saved={saved}
            draft={draft}
            fields={fields}
            test={test}
            saveFeedback={saveFeedback}
            handlers={{
              onChange: (patch) => (setSaveFeedback(null), setDraft((d) => (d ? { ...d, ...patch } : d))),
              onSave: () => void onSave(),
              onSendTest: () => void onSendTest(),
            }}
          />
        )
      }
    </WhenLoaded>
  );
}
