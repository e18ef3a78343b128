from handouts.wording import plural


def test_plural_counts_one_and_many():
    assert plural(1, "page") == "1 page"
    assert plural(0, "page") == "0 pages"
    assert plural(2, "personal file") == "2 personal files"
    assert plural(3, "diary", "diaries") == "3 diaries"
    assert plural(1, "column", show_count=False) == "column"
    assert plural(2, "column", show_count=False) == "columns"


def test_build_report_says_1_page_for_a_one_page_handout_with_a_diary(tmp_path, capsys):
    import time

    from handouts.build import BuildResult, BuiltFile
    from handouts.cli.build import report

    built = BuiltFile(tmp_path / "output" / "handouts" / "x.pdf", "handout", 2, 1, 2)
    report(BuildResult(files=[built]), tmp_path / "output", time.monotonic(), quiet=False)
    line = capsys.readouterr().out.splitlines()[0]
    assert line.strip() == "output/handouts/x.pdf  1 page, 1 diary (limit 2)"
