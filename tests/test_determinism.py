"""The same site patrolled again gives the same columns, items and findings, in the same order,
whatever order the answers arrive in (issue 16, item 2).

Each patrol of the county portal (tests/cms_site.py: nested columns, every pagination family, a
column linked as both `/zwgk/zcwj/` and `/zwgk/zcwj/index.html` from every page) gets its own
seeded random delay of 0-300 ms per answer, so the pages arrive in a different order each time.
All three are served on the same port, so the finding ids (which contain URLs) are comparable:
the three output files must be line for line the same.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from cms_site import AS_OF, SITE_NAME, CmsSite
from helpers import govpatrol

OUTPUTS = ("columns.jsonl", "items.jsonl", "findings.jsonl")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def patrol_outputs(tmp_path: Path, seed: int, port: int) -> dict[str, str]:
    """One patrol with answers delayed at random (seeded); its outputs."""
    with CmsSite(delay=0.3, seed=seed, port=port) as site:
        config = tmp_path / "sites.toml"
        config.write_text(f'[[sites]]\nname = "{SITE_NAME}"\nurl = "{site.url}"\n',
                          encoding="utf-8")
        out = tmp_path / "out"
        result = govpatrol("patrol", site.url, "--config", str(config), "--as-of",
                           AS_OF.isoformat(), "--out", str(out), "--db", str(tmp_path / "db"))
        assert result.returncode == 0, result.stderr[-3000:]
    return {name: (out / name).read_text(encoding="utf-8") for name in OUTPUTS}


@pytest.fixture(scope="module")
def three_patrols(tmp_path_factory) -> list[dict[str, str]]:
    port = free_port()
    return [patrol_outputs(tmp_path_factory.mktemp(f"seed{seed}"), seed, port)
            for seed in (1, 2, 3)]


@pytest.mark.parametrize("name", OUTPUTS)
def test_three_patrols_in_different_orders_write_the_same_file(three_patrols, name):
    first, *others = (outputs[name] for outputs in three_patrols)
    assert first.count("\n") > 5  # a real site's worth, not three empty files
    for other in others:
        assert other.splitlines() == first.splitlines()


def test_a_second_night_on_an_unchanged_site_equals_the_first(tmp_path):
    """Conditional requests done right: the server answers 304 to every conditional request
    (list pages included), and `patrol --incremental` the next night writes what the full
    patrol wrote: every column (a paginated one used to vanish), item and finding."""
    db, config = tmp_path / "db", tmp_path / "sites.toml"
    outputs = []
    with CmsSite(validators=True, delay=0.2, seed=5) as site:  # and answers in any order
        config.write_text(f'[[sites]]\nname = "{SITE_NAME}"\nurl = "{site.url}"\n',
                          encoding="utf-8")
        for night, extra in (("first", ()), ("second", ("--incremental",))):
            out = tmp_path / night
            result = govpatrol("patrol", site.url, "--config", str(config), "--as-of",
                               AS_OF.isoformat(), "--out", str(out), "--db", str(db), *extra)
            assert result.returncode == 0, result.stderr[-3000:]
            outputs.append({name: (out / name).read_text(encoding="utf-8") for name in OUTPUTS})
        assert site.not_modified > 0  # the second night did ask conditionally
    first, second = outputs
    for name in OUTPUTS:
        assert second[name].splitlines() == first[name].splitlines(), name
