package app.cloak.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MetadataStripperTest {
    private static byte[] strip(String mime, byte[] in) throws Exception {
        var out = new ByteArrayOutputStream();
        MetadataStripper.copy(mime, new ByteArrayInputStream(in), out);
        return out.toByteArray();
    }

    @Test
    void littleEndianExifOrientationIsReadToo() {
        // "Exif\0\0" II*\0 offset 8, one entry: 0x0112 SHORT 1 value 8
        byte[] app1 = HexFormat.of().parseHex("457869660000" + "49492a0008000000" + "0100" + "120103000100000008000000" + "00000000");
        assertThat(MetadataStripper.exifOrientation(app1)).isEqualTo(8);
        assertThat(MetadataStripper.exifOrientation(new byte[] {'E', 'x', 'i', 'f', 0, 0, 'M'})).isZero();
    }

    @Test
    void anUprightPhotoKeepsNoExifAtAll() throws Exception {
        byte[] exif = HexFormat.of().parseHex("ffe10022" + "457869660000" + "4d4d002a00000008" + "0001" + "011200030000000100010000" + "00000000");
        byte[] jpeg = HexFormat.of().parseHex("ffd8" + HexFormat.of().formatHex(exif) + "ffdb0004abcd" + "ffda0002" + "0102030405ffd9");
        byte[] out = strip("image/jpeg", jpeg);
        assertThat(HexFormat.of().formatHex(out)).isEqualTo("ffd8" + "ffdb0004abcd" + "ffda0002" + "0102030405ffd9");
    }

    @Test
    void truncatedOrNonJpegInputIsCopiedAsItIs() throws Exception {
        byte[] truncated = HexFormat.of().parseHex("ffd8ffe1ffff0102");
        assertThat(strip("image/jpeg", truncated)).isEqualTo(truncated);
        byte[] gif = "GIF89a-anything".getBytes();
        assertThat(strip("image/gif", gif)).isEqualTo(gif);
    }
}
