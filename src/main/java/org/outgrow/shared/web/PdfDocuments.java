package org.outgrow.shared.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer.SvgExternalResourceMode;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer.SvgScriptMode;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Turns a Thymeleaf template into a PDF with openhtmltopdf, so a printed report is the same markup
 * (and the same SVG charts) as the page it comes from. The template must be well-formed XHTML;
 * messages resolve in the given locale, and {@code @{...}} links cannot be used (there is no request).
 *
 * <p>DejaVu Sans is embedded (licence in {@code fonts/LICENSE-DejaVu.txt}): the PDF base-14 fonts
 * cannot draw much beyond Latin-1. The document fetches nothing: no network, no files, no scripts.
 */
@Component
public class PdfDocuments {

    static final String FONT = "DejaVu Sans";

    private final ITemplateEngine templates;

    PdfDocuments(ITemplateEngine templates) {
        this.templates = templates;
    }

    public byte[] render(String template, Locale locale, Map<String, Object> variables) {
        String html = templates.process(template, new Context(locale, variables));
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        builder.usePdfUaAccessibility(true);
        builder.withProducer("Outgrow");
        builder.useFont(() -> font("DejaVuSans.ttf"), FONT, 400, FontStyle.NORMAL, true);
        builder.useFont(() -> font("DejaVuSans-Bold.ttf"), FONT, 700, FontStyle.NORMAL, true);
        builder.useSVGDrawer(new BatikSVGDrawer(SvgScriptMode.SECURE,
                SvgExternalResourceMode.SECURE));
        // A clinical document loads nothing from outside itself.
        builder.useUriResolver((base, uri) -> null);
        builder.withHtmlContent(html, null);
        builder.toStream(out);
        try {
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A PDF as a download: an attachment under a name that says what it is but never whose, and
     * never kept by a browser or proxy cache.
     */
    public static ResponseEntity<byte[]> download(byte[] pdf, String filename) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build()
                        .toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(pdf);
    }

    private static InputStream font(String file) {
        InputStream in = PdfDocuments.class.getResourceAsStream("/fonts/" + file);
        if (in == null) {
            throw new IllegalStateException("font missing from the build: " + file);
        }
        return in;
    }
}
