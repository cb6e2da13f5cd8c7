"""Documents the demo attaches: a small, valid PDF drawn from lines of text (certificates, quotations)."""


def certificate_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing the lines (ASCII, Helvetica), with a correct cross-reference table."""
    shown = " ".join("(" + line.encode("ascii", "replace").decode().replace("\\", "\\\\").replace("(", "\\(")
                     .replace(")", "\\)") + ") '" for line in lines)
    content = f"BT /F1 16 Tf 72 780 Td 24 TL {shown} ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
