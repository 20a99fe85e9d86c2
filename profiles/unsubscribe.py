"""One-click unsubscribe: which profile field each kind of e-mail turns off.

The signed links themselves and the footer are made by tousvoisins.mail, which adds them to every
notification a member can turn off (send_templated_email's `unsubscribe`).
"""

from tousvoisins.mail import UNSUBSCRIBE_KINDS

# kind in the token -> (Profile field, what the e-mail is, in words)
KINDS = {
    kind: (field, UNSUBSCRIBE_KINDS[kind])
    for kind, field in {
        "lettre": "weekly_digest",
        "messages": "message_notifications",
        "forum": "reply_notifications",
        "rappels": "event_reminders",
        "communautes": "community_messages",
    }.items()
}
