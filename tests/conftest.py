import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def have_data() -> bool:
    "Whether the benchmark data dir (NASBOOK_DATA, as CI sets it) holds the suite-zero files."
    from nasbook.core import data_dir
    return (data_dir()/"suite_zero/zc_nasbench201.json").is_file()


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    "The HTML book built once, in quick mode, from this checkout."
    from nasbook.book import build_book
    os.environ.setdefault("MPLBACKEND", "Agg")
    return build_book(tmp_path_factory.mktemp("book"), mode="quick", fresh=True)
