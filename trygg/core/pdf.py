"""HTML to an archivable PDF (PDF/A), laid out by WeasyPrint in a child process.

A long document (the annual report of a plan with hundreds of measures runs to dozens of
pages) makes WeasyPrint hold a lot of memory while it lays out the pages; done in the web
worker, that memory stays with the worker after the response. The child process takes the
HTML on its standard input, writes the PDF to its standard output and ends, so the worker's
memory stays flat. The HTML must be self-contained: the renderer refuses to fetch anything.
"""

from __future__ import annotations

import subprocess
import sys

PDF_A = "pdf/a-2a"  # archivable and tagged, so that screen readers can read it
TIMEOUT_SECONDS = 180


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"The document does not load external resources ({url}).")


def html_to_pdf(html: str, *, variant: str = PDF_A) -> bytes:
    result = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
        [sys.executable, "-m", "trygg.core.pdf", variant],
        input=html.encode("utf-8"),
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.startswith(b"%PDF"):
        raise RuntimeError(
            "The PDF could not be made: " + result.stderr.decode("utf-8", "replace")[-1000:]
        )
    return result.stdout


def short_html_to_pdf(html: str, *, variant: str = PDF_A) -> bytes:
    """A document of a page or two (a letter, an agreement), laid out in this process: a
    child process costs more to start than such a document costs to lay out."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(pdf_variant=variant)


def _main() -> None:
    from weasyprint import HTML

    html = sys.stdin.buffer.read().decode("utf-8")
    pdf = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(pdf_variant=sys.argv[1])
    sys.stdout.buffer.write(pdf)


if __name__ == "__main__":
    _main()
