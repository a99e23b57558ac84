#!/usr/bin/env python3
"""Writes the webhook fixtures in Meta's escaping style (non-ASCII as lowercase \\uXXXX, '/' as '\\/', '@' as '\\u0040'),
single line, no trailing newline, and the media bytes they name (the sha256 in each media object matches its file).
p1/p2/p3 are copied byte for byte from notes/whatsapp-cloud-api.md Appendix A (Meta-computed signatures known).
Run from this folder: python3 make_fixtures.py"""
import base64, hashlib, json, os

PHONE = "106540352242922"
META = {"display_phone_number": "15550783881", "phone_number_id": PHONE}
SHEENA = {"profile": {"name": "Sheena Nelson"}, "wa_id": "16505551234"}
GROUP = "Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD"

def meta_json(obj):
    s = json.dumps(obj, ensure_ascii=True, separators=(",", ":"))
    return s.replace("/", "\\/").replace("@", "\\u0040")

def envelope(value, field="messages", waba="102290129340398"):
    v = {"messaging_product": "whatsapp", "metadata": META}
    v.update(value)
    return {"object": "whatsapp_business_account", "entry": [{"id": waba, "changes": [{"value": v, "field": field}]}]}

def write(name, obj):
    with open(name, "w", encoding="ascii", newline="") as f:
        f.write(meta_json(obj))

def media_file(media_id, head, size):
    data = bytearray(head)
    x = size
    while len(data) < size:
        x = (x * 1103515245 + 12345) & 0x7fffffff
        data.append(x & 0xff)
    data = bytes(data[:size])
    with open(os.path.join("media", media_id + ".bin"), "wb") as f:
        f.write(data)
    return base64.b64encode(hashlib.sha256(data).digest()).decode()

def msg(wamid, ts, type_, body, **extra):
    m = {"from": "16505551234", "id": wamid, "timestamp": str(ts), "type": type_}
    if body is not None:
        m[type_] = body
    m.update(extra)
    return m

P1 = '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},"field":"messages"}]}]}'
P2 = '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Tiago Mingo"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","group_id":"Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=","timestamp":"1744344496","type":"text","text":{"body":"Caf\\u00e9 at 5\\/6? mail me: a\\u0040b.c \\ud83d\\ude00"}}]},"field":"messages"}]}]}'
P3 = '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=","status":"read","timestamp":"1750030073","recipient_id":"16505551234"}]},"field":"messages"}]}]}'
for name, body, size in (("p1_text.json", P1, 499), ("p2_group_text.json", P2, 589), ("p3_status_read.json", P3, 388)):
    assert len(body) == size, (name, len(body))
    with open(name, "w", encoding="ascii", newline="") as f:
        f.write(body)

P1_WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="

# Media: one body, five messages (image with caption, voice note, video, document, sticker).
jpeg = media_file("1003383421387256", bytes.fromhex("ffd8ffe000104a464946"), 3000)
ogg = media_file("1908647269898587", b"OggS\x00\x02", 2000)
mp4 = media_file("1166846181421424", b"\x00\x00\x00\x18ftypisom", 4000)
pdf = media_file("1013859600285441", b"%PDF-1.7\n", 2500)
webp = media_file("1908647269898599", b"RIFF\x10\x00\x00\x00WEBPVP8 ", 1500)
LOOK = "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=133"
write("media.json", envelope({"contacts": [SHEENA], "messages": [
    msg("wamid.IMAGE1", 1749416400, "image", {"caption": "Taj Mahal", "mime_type": "image/jpeg", "sha256": jpeg, "id": "1003383421387256", "url": LOOK}),
    msg("wamid.VOICE1", 1749416401, "audio", {"mime_type": "audio/ogg; codecs=opus", "sha256": ogg, "id": "1908647269898587", "voice": True}),
    msg("wamid.VIDEO1", 1749416402, "video", {"caption": "Eclipse", "mime_type": "video/mp4", "sha256": mp4, "id": "1166846181421424"}),
    msg("wamid.DOC1", 1749416403, "document", {"caption": "Invoice", "filename": "lucky-shrub-invoice.pdf", "mime_type": "application/pdf", "sha256": pdf, "id": "1013859600285441"}),
    msg("wamid.STICKER1", 1749416404, "sticker", {"mime_type": "image/webp", "sha256": webp, "id": "1908647269898599", "animated": True}),
]}))

# Location, contacts (two cards), interactive list and button replies, template button, reply with context, forwarded.
write("kinds.json", envelope({"contacts": [SHEENA], "messages": [
    {"from": "16505551234", "id": "wamid.LOC1", "timestamp": "1749416410", "location": {"address": "101 Forest Ave, Palo Alto, CA 94301", "latitude": 37.44221496582, "longitude": -122.16165924072, "name": "Philz Coffee", "url": "https://philzcoffee.com/"}, "type": "location"},
    msg("wamid.CONTACTS1", 1749416411, "contacts", [
        {"name": {"first_name": "Barbara", "last_name": "Johnson", "formatted_name": "Barbara J. Johnson"}, "org": {"company": "Social Tsunami"}, "phones": [{"phone": "+1 (415) 555-0829", "wa_id": "14125550829", "type": "MOBILE"}]},
        {"name": {"first_name": "Zoë", "formatted_name": "Zoë"}, "phones": [{"phone": "+1 415 555 0830", "type": "HOME"}]}]),
    {"context": {"from": "15550783881", "id": "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA="}, "from": "16505551234", "id": "wamid.LIST1", "timestamp": "1749416412", "type": "interactive", "interactive": {"type": "list_reply", "list_reply": {"id": "priority_express", "title": "Priority Mail Express", "description": "Next Day to 2 Days"}}},
    {"context": {"from": "15550783881", "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA"}, "from": "16505551234", "id": "wamid.BUTTON1", "timestamp": "1749416413", "type": "interactive", "interactive": {"type": "button_reply", "button_reply": {"id": "cancel-button", "title": "Cancel"}}},
    {"from": "16505551234", "id": "wamid.TPLBUTTON1", "timestamp": "1749416414", "type": "button", "context": {"id": "wamid.THE_TEMPLATE_WE_SENT"}, "button": {"payload": "Unsubscribe", "text": "Unsubscribe"}},
    msg("wamid.REPLY1", 1749416415, "text", {"body": "Replying to your question"}, context={"from": "16505551234", "id": P1_WAMID}),
    msg("wamid.FWD1", 1749416416, "text", {"body": "Forwarded news"}, context={"forwarded": True}),
    msg("wamid.UNKNOWN1", 1749416417, "poll_creation", {"question": "Lunch?"}),
    msg("wamid.NFM1", 1749416418, "interactive", {"type": "nfm_reply", "nfm_reply": {"response_json": "{}", "name": "flow"}}),
]}))

# System message: no contacts array.
write("system.json", envelope({"messages": [{"from": "16505551234", "id": "wamid.HBgLMTk4MzU1NTE5NzQVAgASGAoxMTgyMDg2MjY3AA==", "timestamp": "1750269342", "system": {"body": "User Sheena Nelson changed from 16505551234 to 12195555358", "wa_id": "12195555358", "type": "user_changed_number"}, "type": "system"}]}))

# Unsupported (verbatim shape from Meta's page) and value-level errors.
write("unsupported.json", envelope({"contacts": [SHEENA], "messages": [{"from": "16505551234", "id": "wamid.UNSUPPORTED1", "timestamp": "1750090702", "errors": [{"code": 131051, "title": "Message type unknown", "message": "Message type unknown", "error_data": {"details": "Message type is currently not supported."}}], "type": "unsupported", "unsupported": {"type": "edit"}}]}))
write("errors.json", envelope({"errors": [{"code": 130429, "title": "Rate limit hit", "message": "Rate limit hit", "error_data": {"details": "Message failed to send because there were too many messages sent from this phone number in a short period of time"}, "href": "/documentation/business-messaging/whatsapp/support/error-codes"}]}))

# Reactions to P1's message (set, then removed: same wamid, no emoji), edit and revoke (coexistence).
write("reaction.json", envelope({"contacts": [SHEENA], "messages": [msg("wamid.REACT1", 1749419544, "reaction", {"message_id": P1_WAMID, "emoji": "\U0001F44D"})]}))
write("reaction_removed.json", envelope({"contacts": [SHEENA], "messages": [msg("wamid.REACT1", 1749419599, "reaction", {"message_id": P1_WAMID})]}))
write("edit_revoke.json", envelope({"contacts": [SHEENA], "messages": [
    msg("wamid.EDIT1", 1749419600, "edit", {"original_message_id": "wamid.REPLY1", "message": {"type": "text", "text": {"body": "Replying to your question (edited)"}}}),
    msg("wamid.REVOKE1", 1749419601, "revoke", {"original_message_id": "wamid.FWD1"}),
]}))

# A user with a business-scoped id and a username: no "from", no wa_id; non-ASCII name and text.
write("bsuid.json", envelope({"contacts": [{"profile": {"name": "Jos\u00e9 Pi\u00f1a", "username": "jose"}, "user_id": "US.13491208655302741918"}],
                             "messages": [{"from_user_id": "US.13491208655302741918", "id": "wamid.BSUID1", "timestamp": "1749420000", "type": "text", "text": {"body": "Ol\u00e1! Caf\u00e9 \u00e0s 5/6? \U0001F600 a@b.c"}}]}))

# A batch: two entries, several changes, two senders, a group subject, statuses mixed in.
write("batch.json", {"object": "whatsapp_business_account", "entry": [
    {"id": "102290129340398", "changes": [
        {"field": "messages", "value": {"messaging_product": "whatsapp", "metadata": META,
            "contacts": [{"profile": {"name": "Ana"}, "wa_id": "351910000001"}, {"profile": {"name": "Ben"}, "wa_id": "351910000002"}],
            "messages": [
                {"from": "351910000001", "id": "wamid.BATCH.A1", "timestamp": "1749500000", "type": "text", "text": {"body": "Ana one"}},
                {"from": "351910000002", "id": "wamid.BATCH.B1", "timestamp": "1749500001", "type": "text", "text": {"body": "Ben one"}},
                {"from": "351910000001", "id": "wamid.BATCH.A2", "timestamp": "1749500002", "type": "text", "text": {"body": "Ana two"}}]}},
        {"field": "group_lifecycle_update", "value": {"messaging_product": "whatsapp", "metadata": META,
            "groups": [{"timestamp": "1749500003", "group_id": GROUP, "type": "group_create", "request_id": "r1", "subject": "Lucky Shrub team", "invite_link": "https://chat.whatsapp.com/LINK_ID", "join_approval_mode": "auto_approve"}]}}]},
    {"id": "102290129340398", "changes": [
        {"field": "messages", "value": {"messaging_product": "whatsapp", "metadata": META,
            "contacts": [{"profile": {"name": "Ben"}, "wa_id": "351910000002"}],
            "messages": [{"from": "351910000002", "id": "wamid.BATCH.B2", "timestamp": "1749500004", "type": "text", "text": {"body": "Ben two"}}]}},
        {"field": "messages", "value": {"messaging_product": "whatsapp", "metadata": META,
            "statuses": [{"id": "wamid.OUTBOUND1", "status": "sent", "timestamp": "1749500005", "recipient_id": "16505551234"}]}},
        {"field": "messages", "value": {"messaging_product": "whatsapp", "metadata": {"display_phone_number": "15550000000", "phone_number_id": "999999999"},
            "contacts": [{"profile": {"name": "Other"}, "wa_id": "351910000009"}],
            "messages": [{"from": "351910000009", "id": "wamid.OTHERNUMBER", "timestamp": "1749500006", "type": "text", "text": {"body": "for another number"}}]}}]}]})

# Statuses of our reply wamid.OUTBOUND1, to be replayed out of order; a failed one; aggregated group statuses.
for name, status, ts in (("status_delivered.json", "delivered", 1749500010), ("status_read.json", "read", 1749500020), ("status_sent.json", "sent", 1749500005)):
    write(name, envelope({"statuses": [{"id": "wamid.OUTBOUND1", "status": status, "timestamp": str(ts), "recipient_id": "16505551234"}]}))
write("status_group_read.json", envelope({"statuses": [
    {"id": "wamid.GROUPOUT1", "status": "read", "timestamp": "1750030073", "recipient_id": GROUP, "recipient_type": "group", "recipient_participant_id": "16505551234"},
    {"id": "wamid.GROUPOUT1", "status": "read", "timestamp": "1750030074", "recipient_id": GROUP, "recipient_type": "group", "participant_recipient_id": "16505559999"}]}))
write("status_group_delivered.json", envelope({"statuses": [
    {"id": "wamid.GROUPOUT1", "status": "delivered", "timestamp": "1750030070", "recipient_id": GROUP, "recipient_type": "group", "recipient_participant_id": "16505551234"}]}))
write("status_failed.json", envelope({"statuses": [{"id": "wamid.FAILED1", "status": "failed", "timestamp": "1751142888", "recipient_id": "16505551234", "errors": [{"code": 131049, "title": "This message was not delivered to maintain healthy ecosystem engagement.", "message": "This message was not delivered to maintain healthy ecosystem engagement.", "error_data": {"details": "In order to maintain a healthy ecosystem engagement, the message failed to be delivered."}, "href": "/documentation/business-messaging/whatsapp/support/error-codes"}]}]}))

# Group text from a second participant (P2 is the first).
write("group_text2.json", envelope({"contacts": [{"profile": {"name": "Rui"}, "wa_id": "16505559999"}], "messages": [
    {"from": "16505559999", "group_id": GROUP, "id": "wamid.GROUP2", "timestamp": "1744344500", "type": "text", "text": {"body": "Count me in"}}]}))
