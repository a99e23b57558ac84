package app.cloak.archives.internal;

import app.cloak.platform.crypto.DataCipher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The reader's sealed columns: JSON, AES-GCM under the data keyset, bound to the archive and the column. */
@Component
public class ArchiveSealing {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private final DataCipher cipher;

    ArchiveSealing(DataCipher cipher) {
        this.cipher = cipher;
    }

    public byte[] seal(String archiveId, String what, Object value) {
        return cipher.encrypt(JSON.writeValueAsBytes(value), "archive:" + archiveId + ":" + what);
    }

    public <T> T open(String archiveId, String what, byte[] sealed, Class<T> type) {
        return JSON.readValue(cipher.decrypt(sealed, "archive:" + archiveId + ":" + what), type);
    }

    public <T> T open(String archiveId, String what, byte[] sealed, tools.jackson.core.type.TypeReference<T> type) {
        return JSON.readValue(cipher.decrypt(sealed, "archive:" + archiveId + ":" + what), type);
    }
}
