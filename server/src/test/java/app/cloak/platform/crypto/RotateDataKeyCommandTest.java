package app.cloak.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.platform.persistence.Dialect;
import app.cloak.testing.TestDatabase;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operator's {@code rotate-data-key} command against a real database, next to a "node" that keeps
 * running through the rotation (as a cluster node would).
 */
class RotateDataKeyCommandTest {

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void oldValuesStillDecryptAndNewValuesUseTheNewKey(Dialect dialect) throws Exception {
        try (TestDatabase db = TestDatabase.of(dialect)) {
            String masterKeyJson = CryptoConfiguration.newKeysetJson();
            DataCipher running = cipher(db, masterKeyJson);
            byte[] before = running.encryptText("written before the rotation", "m_1");

            assertThat(RotateDataKeyCommand.run(commandLine(db, masterKeyJson))).isZero();

            DataCipher restarted = cipher(db, masterKeyJson);
            assertThat(restarted.keyCount()).isEqualTo(2);
            assertThat(restarted.decryptText(before, "m_1")).isEqualTo("written before the rotation");
            byte[] after = restarted.encryptText("written after the rotation", "m_2");
            assertThat(keyId(after)).as("new values name the new key").isNotEqualTo(keyId(before));
            assertThat(restarted.decryptText(after, "m_2")).isEqualTo("written after the rotation");
            assertThat(running.decryptText(after, "m_2")).as("a node that did not restart still reads them")
                    .isEqualTo("written after the rotation");

            assertThat(RotateDataKeyCommand.run(commandLine(db, masterKeyJson))).isZero();
            assertThat(cipher(db, masterKeyJson).keyCount()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theWrongMasterKeyFailsAndChangesNothing(Dialect dialect) throws Exception {
        try (TestDatabase db = TestDatabase.of(dialect)) {
            String masterKeyJson = CryptoConfiguration.newKeysetJson();
            byte[] value = cipher(db, masterKeyJson).encryptText("kept", "m_1");
            String stored = storedKeyset(db);

            assertThat(RotateDataKeyCommand.run(commandLine(db, CryptoConfiguration.newKeysetJson()))).isEqualTo(1);

            assertThat(storedKeyset(db)).isEqualTo(stored);
            assertThat(cipher(db, masterKeyJson).decryptText(value, "m_1")).isEqualTo("kept");
        }
    }

    private static String[] commandLine(TestDatabase db, String masterKeyJson) {
        List<String> args = new ArrayList<>(List.of(RotateDataKeyCommand.NAME, "--cloak.master-key=" + masterKeyJson));
        if (db.dialect() == Dialect.SQLITE) {
            args.add("--cloak.data-dir=" + db.directory());
        } else {
            args.add("--cloak.database.url=" + db.url());
            args.add("--cloak.database.username=" + db.username());
        }
        return args.toArray(String[]::new);
    }

    private static DataCipher cipher(TestDatabase db, String masterKeyJson) throws Exception {
        Aead aead = TinkJsonProtoKeysetFormat.parseKeyset(masterKeyJson, InsecureSecretKeyAccess.get())
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
        return new DataCipher(new KeyMaterialStore(db.jdbc(), Clock.systemUTC()), new MasterKey(aead));
    }

    private static String storedKeyset(TestDatabase db) {
        return db.jdbc().sql("SELECT material FROM crypto_material WHERE name = 'data-keyset'").query(String.class).single();
    }

    private static byte[] keyId(byte[] ciphertext) {
        return Arrays.copyOf(ciphertext, 5); // Tink: one version byte, then the four-byte key id
    }
}
