"""CSV downloads of the oversight tables and the audit search (issue 7).

UTF-8 with a byte-order mark, so Excel (what most councils open a CSV in) reads names such as "Siân" as
written. A text cell starting with =, +, -, @ or a control character is prefixed with an apostrophe, so a
spreadsheet shows it rather than running it as a formula: audit reasons are typed by members and officers.
"""
import csv

from django.http import HttpResponse, StreamingHttpResponse

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """Return ``value`` as a CSV cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def _disposition(filename):
    return f'attachment; filename="{filename}"'


def csv_response(filename, headers, rows):
    """Return a CSV download of a small table: a header row, then ``rows``."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(filename)
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow(headers)
    writer.writerows([cell(value) for value in row] for row in rows)
    return response


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a streamed response."""

    def write(self, value):
        return value


def streamed_csv_response(filename, headers, rows):
    """Return a CSV download streamed row by row from the iterable ``rows``, in constant memory."""
    writer = csv.writer(_Echo())

    def lines():
        yield BOM + writer.writerow(headers)
        for row in rows:
            yield writer.writerow([cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(filename)
    return response
