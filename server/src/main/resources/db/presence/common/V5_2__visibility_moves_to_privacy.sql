-- Who may see last seen is part of the privacy policy now (privacy_settings.last_seen).
DROP TABLE presence_privacy;
