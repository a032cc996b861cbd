"""The same site patrolled again gives the same columns, items and findings, in the same order,
whatever order the answers arrive in (issue 16, item 2).

Three patrols of the county portal (tests/cms_site.py: nested columns, every pagination family,
a column linked as both `/zwgk/zcwj/` and `/zwgk/zcwj/index.html` from every page) run at the
same time against one server that delays every answer by a seeded random 0-300 ms, so each
patrol gets its pages in an order of its own. One server, so the finding ids (which contain
URLs) are comparable: the three output files must be line for line the same.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cms_site import AS_OF, SITE_NAME, CmsSite, patrol_cms_site
from helpers import govpatrol, once

pytestmark = pytest.mark.e2e  # every test here patrols a real server

OUTPUTS = ("columns.jsonl", "items.jsonl", "findings.jsonl")


def patrol_outputs(site: CmsSite, tmp_path: Path) -> dict[str, str]:
    """One patrol of `site`; its outputs."""
    out = patrol_cms_site(site, tmp_path)
    return {name: (out / name).read_text(encoding="utf-8") for name in OUTPUTS}


@pytest.fixture(scope="module")
def three_patrols(tmp_path_factory) -> list[dict[str, str]]:
    """Once per test run, whichever xdist worker asks first."""
    def run(tmp: Path) -> dict:
        folders = [tmp / f"patrol{n}" for n in (1, 2, 3)]
        for folder in folders:
            folder.mkdir()
        with CmsSite(delay=0.3, seed=1) as site, ThreadPoolExecutor(3) as pool:
            patrols = [pool.submit(patrol_outputs, site, folder) for folder in folders]
            return {"outputs": [patrol.result() for patrol in patrols]}

    return once(tmp_path_factory, "three-patrols", run)[1]["outputs"]


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
