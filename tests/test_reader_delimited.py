"""A CSV/TSV timeline export is read as a timeline (header with a time and a text column); other text is not."""

from incident_brief.ingest import from_text, read_path
from incident_brief.offline.engine import summarize

CSV = ('timestamp,author,message\n'
       '2026-03-02 09:10 UTC,ops,"Checkout returning 502 for all shoppers"\n'
       '2026-03-02 09:40 UTC,lee,"Rolled back cart-service to v12, checkout working again"\n'
       '2026-03-02 09:55 UTC,lee,"Resolved. Cause: v13 dropped the session header"\n')


def test_csv_export_reads_as_a_timeline(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(CSV)
    source = read_path(str(path), 1 << 20)
    assert source.kind == "csv" and '"' not in source.text and "- 2026-03-02 09:10 UTC - ops: Checkout" in source.text
    report = summarize(source)
    assert report.status.value == "resolved" and report.duration_minutes == 30
    assert '"' not in (report.what_happened or "") and "," not in (report.root_cause or "")[:4]


def test_tsv_is_read_too():
    tsv = ("time\twho\tevent\n2026-03-02 09:10 UTC\tops\tCheckout returning 502\n"
           "2026-03-02 09:40 UTC\tlee\tCheckout working again, resolved\n")
    source = from_text(tsv, "x", as_json=False)
    assert source.kind == "csv" and "- 2026-03-02 09:40 UTC - lee: Checkout working again" in source.text


def test_prose_with_commas_is_not_a_table():
    text = "We rolled back, then waited, then checked.\nIt worked, mostly, after that.\n"
    assert from_text(text, "x", as_json=False).kind != "csv"
