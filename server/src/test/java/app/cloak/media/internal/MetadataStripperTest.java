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

    @Test
    void webpMetadataChunksOfOddSizeAreBlankedWithTheirPaddingAndTheChunksAfterThemStay() throws Exception {
        // RIFF, VP8X (flags: ICC 0x20 | EXIF 0x08 | XMP 0x04), XMP of 3 bytes + pad, "ZZZZ" of 2 bytes
        String vp8x = "56503858" + "0a000000" + "2c000000" + "000000" + "000000";
        String xmp = "584d5020" + "03000000" + "474953" + "00";
        String tail = "5a5a5a5a" + "02000000" + "abcd";
        String body = "57454250" + vp8x + xmp + tail;
        String riff = "52494646" + String.format("%02x000000", body.length() / 2) + body;
        byte[] out = strip("image/webp", HexFormat.of().parseHex(riff));
        assertThat(HexFormat.of().formatHex(out)).isEqualTo(riff
                .replace("0a0000002c000000", "0a00000020000000") // only ICC is still announced
                .replace(xmp, "4a554e4b" + "03000000" + "000000" + "00"));
    }

    @Test
    void gifApplicationExtensionsOtherThanTheLoopGoButGraphicControlStays() throws Exception {
        String header = "474946383961" + "0100" + "0100" + "00" + "00" + "00"; // GIF89a 1×1, no global colour table
        String loop = "21ff0b" + "4e45545343415045322e30" + "03010000" + "00";
        String other = "21ff0b" + "584d50204461746158" + "4d50" + "02414200";
        String control = "21f904" + "00000000" + "00";
        String image = "2c" + "0000000001000100" + "00" + "02" + "024c01" + "00" + "3b";
        byte[] out = strip("image/gif", HexFormat.of().parseHex(header + other + loop + "21fe03414243" + "00" + control + image));
        assertThat(HexFormat.of().formatHex(out)).isEqualTo(header + loop + control + image);
    }
}
