package app.cloak.media.internal.web;

import app.cloak.media.internal.MediaService;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/media")
class MediaController {
    private final MediaService media;

    MediaController(MediaService media) {
        this.media = media;
    }

    /** Multipart part {@code file}; the servlet container spools large parts to disk, never to the heap. */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Stored")
    ResponseEntity<MediaService.Uploaded> upload(Caller caller, @RequestParam(name = "file", required = false) MultipartFile file)
            throws IOException {
        if (file == null) throw ApiProblem.badRequest("missing_file", "Send the upload as the multipart part 'file'");
        try (InputStream in = file.getInputStream()) {
            return ResponseEntity.status(201).body(media.upload(caller.userId(), in, file.getSize()));
        }
    }

    /** Signed download ({@code u}, {@code exp}, {@code sig} from a message's {@code media.url}); one byte range honoured. */
    @GetMapping("/{mediaId}")
    void download(@PathVariable String mediaId, @RequestParam(name = "u", required = false) String userId,
                  @RequestParam(required = false) Long exp, @RequestParam(required = false) String sig,
                  @RequestHeader(name = "Range", required = false) String range, HttpServletResponse response) throws IOException {
        MediaService.Opened opened = media.open(mediaId, userId, exp, sig);
        try (SeekableByteChannel channel = opened.channel()) {
            long size = opened.size();
            long start = 0;
            long end = size - 1;
            response.setHeader("Cache-Control", "private, no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            if (opened.mayRange()) response.setHeader("Accept-Ranges", "bytes");
            if (range != null && opened.mayRange()) {
                long[] r = ByteRange.parse(range, size);
                if (r == null) {
                    response.setStatus(416);
                    response.setHeader("Content-Range", "bytes */" + size);
                    return;
                }
                start = r[0];
                end = r[1];
                response.setStatus(206);
                response.setHeader("Content-Range", "bytes " + start + "-" + end + "/" + size);
            } else {
                response.setStatus(200);
            }
            response.setContentType(opened.mime());
            response.setContentLengthLong(end - start + 1);
            channel.position(start);
            copy(channel, response.getOutputStream(), end - start + 1);
        }
    }

    /** Signed thumbnail (from {@code thumbnailUrl}): a small JPEG without metadata. */
    @GetMapping("/{mediaId}/thumbnail")
    void thumbnail(@PathVariable String mediaId, @RequestParam(name = "u", required = false) String userId,
                   @RequestParam(required = false) Long exp, @RequestParam(required = false) String sig,
                   HttpServletResponse response) throws IOException {
        MediaService.Opened opened = media.openThumbnail(mediaId, userId, exp, sig);
        try (SeekableByteChannel channel = opened.channel()) {
            response.setHeader("Cache-Control", "private, no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setStatus(200);
            response.setContentType(opened.mime());
            response.setContentLengthLong(opened.size());
            copy(channel, response.getOutputStream(), opened.size());
        }
    }

    private static void copy(SeekableByteChannel channel, OutputStream out, long length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long remaining = length;
        while (remaining > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
            int n = channel.read(buffer);
            if (n < 0) break;
            out.write(buffer.array(), 0, n);
            remaining -= n;
        }
    }
}
