"""Hostile inputs, built at test time (small on disk, huge once inflated or parsed).

Used by the robustness tests and by ``scripts/bench_hostile.py``.
"""
from __future__ import annotations

import gzip
import io
import zipfile
import zlib

MiB = 1024 * 1024
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def deflated(size: int, wbits: int = zlib.MAX_WBITS, fill: bytes = b"\0") -> bytes:
    """``size`` bytes of ``fill`` compressed (zlib, or gzip with wbits 31), built in steps."""
    obj = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = fill * (MiB // len(fill))
    parts = [obj.compress(block) for _ in range(size // MiB)]
    parts.append(obj.compress(fill * ((size % MiB) // len(fill))))
    parts.append(obj.flush())
    return b"".join(parts)


def gzip_stack(size: int, layers: int) -> bytes:
    """``size`` bytes of spaces gzipped ``layers`` times (Content-Encoding: gzip, gzip, ...)."""
    body = deflated(size, zlib.MAX_WBITS | 16, b" ")
    for _ in range(layers - 1):
        body = gzip.compress(body, 9)
    return body


def docx(paragraphs_xml: bytes, repeat: int = 1) -> bytes:
    """A .docx whose body is ``paragraphs_xml`` ``repeat`` times (streamed into the ZIP)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0"?><w:document xmlns:w="{_W}"><w:body>'.encode())
            step = max(1, MiB // max(1, len(paragraphs_xml)))
            for done in range(0, repeat, step):
                fh.write(paragraphs_xml * min(step, repeat - done))
            fh.write(b"</w:body></w:document>")
    return buf.getvalue()


def pdf_with_stream(content: bytes) -> bytes:
    """A one-page PDF whose page content is ``content`` (already FlateDecode-compressed)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content
               + b"\nendstream"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()
