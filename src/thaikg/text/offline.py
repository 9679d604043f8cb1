"""Keep pythainlp (and Hugging Face) from touching the network or the home directory.

pythainlp downloads missing corpora on first use and creates ``~/pythainlp-data``;
a model load through Hugging Face retries for minutes when offline.  thaikg only
uses what the pythainlp wheel bundles, so every module that imports pythainlp calls
:func:`configure` first.  pythainlp reads these variables at call time, so calling
it again later is harmless.
"""
from __future__ import annotations

import os
from pathlib import Path

#: Where pythainlp would look for downloaded data: inside our package, never created
#: (read-only mode), so a missing corpus fails at once instead of being fetched.
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "pythainlp"


def configure() -> None:
    """Switch pythainlp and Hugging Face to offline, read-only operation."""
    os.environ["PYTHAINLP_OFFLINE"] = "1"
    # pythainlp refuses to run when the deprecated alias is set next to the new name.
    os.environ.pop("PYTHAINLP_READ_MODE", None)
    os.environ["PYTHAINLP_READ_ONLY"] = "1"
    os.environ["HF_HUB_OFFLINE"] = "1"
    if not os.environ.get("PYTHAINLP_DATA") and not os.environ.get("PYTHAINLP_DATA_DIR"):
        os.environ["PYTHAINLP_DATA"] = str(DATA_DIR)
