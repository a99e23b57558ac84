package app.cloak.platform.crypto;

import app.cloak.platform.CloakSettings;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.security.GeneralSecurityException;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The key-encryption key: from {@code CLOAK_MASTER_KEY}, else generated into the data directory. */
    @Bean
    MasterKey masterKey(CloakSettings settings) throws GeneralSecurityException {
        AeadConfig.register();
        String json = settings.masterKey();
        if (json == null || json.isBlank()) {
            json = SecretFiles.readOrCreate(settings.dataDir().resolve("secrets/master-keyset.json"),
                    CryptoConfiguration::newKeysetJson);
        }
        KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        return new MasterKey(handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
    }

    @Bean
    DataCipher dataCipher(MasterKey masterKey, JdbcClient jdbc, Clock clock) {
        return new DataCipher(new KeyMaterialStore(jdbc, clock), masterKey);
    }

    @Bean
    StreamCipher streamCipher(MasterKey masterKey, JdbcClient jdbc, Clock clock) throws GeneralSecurityException {
        StreamingAeadConfig.register();
        return new StreamCipher(new KeyMaterialStore(jdbc, clock), masterKey);
    }

    @Bean
    KeyedHashes keyedHashes(MasterKey masterKey, JdbcClient jdbc, Clock clock) {
        return new KeyedHashes(new KeyMaterialStore(jdbc, clock), masterKey);
    }

    static String newKeysetJson() {
        try {
            AeadConfig.register();
            return TinkJsonProtoKeysetFormat.serializeKeyset(
                    KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
