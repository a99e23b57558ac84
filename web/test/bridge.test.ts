import { describe, expect, it } from 'vitest';
import { type Call, EMPTY_LINK_FORM, externalSender, failedCalls, linkBody, validateLink } from '../src/bridge';

const good = { phoneNumberId: '106540352242922', accessToken: 'EAAGtoken', appSecret: 'secret', verifyToken: 'my-verify-token', graphBaseUrl: '' };

describe('link form', () => {
  it('accepts a complete form and leaves the Graph URL out when empty', () => {
    expect(validateLink(good)).toEqual({});
    expect(linkBody({ ...good, phoneNumberId: ' 106540352242922 ' })).toEqual({ phoneNumberId: '106540352242922', accessToken: 'EAAGtoken', appSecret: 'secret', verifyToken: 'my-verify-token' });
    expect(linkBody({ ...good, graphBaseUrl: 'http://127.0.0.1:9/v26.0' }).graphBaseUrl).toBe('http://127.0.0.1:9/v26.0');
  });

  it('names every missing field', () => {
    expect(Object.keys(validateLink(EMPTY_LINK_FORM)).sort()).toEqual(['accessToken', 'appSecret', 'phoneNumberId', 'verifyToken']);
  });

  it('tells a phone number from a phone number id, and refuses a token with spaces or a bad URL', () => {
    expect(validateLink({ ...good, phoneNumberId: '+1 555 0100' }).phoneNumberId).toMatch(/phone number itself/);
    expect(validateLink({ ...good, phoneNumberId: '12ab' }).phoneNumberId).toMatch(/digits only/);
    expect(validateLink({ ...good, accessToken: 'EAA G' }).accessToken).toMatch(/no spaces/);
    expect(validateLink({ ...good, graphBaseUrl: 'graph.facebook.com' }).graphBaseUrl).toBeDefined();
    expect(validateLink({ ...good, graphBaseUrl: 'ftp://x' }).graphBaseUrl).toBeDefined();
  });
});

const call = (over: Partial<Call>): Call => ({ callId: 'k1', kind: 'read', chatId: 'c1', state: 'sent', attempts: 1, errorCode: null, error: null, wamid: null,
  messageId: null, upToSeq: 3, createdAt: '2026-11-27T07:00:00Z', updatedAt: '2026-11-27T07:00:00Z', ...over });

describe('failed calls', () => {
  it('shows only failed ones, newest first, per chat when asked, with the error code', () => {
    const calls = [call({ callId: 'a' }), call({ callId: 'b', state: 'failed', attempts: 1, errorCode: '131009', error: 'Parameter value is not valid', updatedAt: '2026-11-27T07:01:00Z' }),
      call({ callId: 'c', kind: 'reply', chatId: 'c2', state: 'failed', attempts: 8, error: 'timeout', updatedAt: '2026-11-27T07:02:00Z' })];
    expect(failedCalls(calls).map((c) => c.callId)).toEqual(['c', 'b']);
    expect(failedCalls(calls, 'c1')).toEqual([{ callId: 'b', chatId: 'c1', at: '2026-11-27T07:01:00Z',
      text: 'Read receipt not delivered to WhatsApp after 1 try (error 131009: Parameter value is not valid).' }]);
    expect(failedCalls(calls, 'c2')[0].text).toBe('Reply not delivered to WhatsApp after 8 tries (timeout).');
  });
});

describe('outside senders', () => {
  it('shows an archive author or WhatsApp contact by senderName; system notices have none; Cloak users are looked up elsewhere', () => {
    expect(externalSender({ senderId: 'x:ann lee', senderName: 'Ann Lee' })).toBe('Ann Lee');
    expect(externalSender({ senderId: 'x:16505551234', senderName: '' })).toBe('16505551234');
    expect(externalSender({ senderId: 'x:~system', senderName: '' })).toBe('');
    expect(externalSender({ senderId: 'u_123' })).toBeNull();
  });
});
