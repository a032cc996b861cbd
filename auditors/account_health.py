"""New-media accounts: the mirror's health kept apart from the account's freshness.

An account (政务新媒体) is read through a mirror, and a mirror fails in ways that look like a
silent account: it could not be read this run, it showed no article, it stopped polling the
account (its feed's own stamp is old), or it only carries 群发 articles while the account posts
by 发表. None of these says the account stopped posting, so none may cost the site the two-week
veto: the veto needs a fresh source, the mirror read this run and the newest article's date read
from the article page itself (`var ct`). A stale account whose source is not fresh is reported
as 来源失效/待核实 for a person, with the reasons. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from govpatrol.model import Account


@dataclass(frozen=True)
class AccountView:
    """One account as the freshness rule and the veto dashboard judge it."""

    account: Account
    newest: date | None  # the newest date any source shows (the mirror's list, the page)
    verified: date | None  # the newest date read from an article page this run
    problems: tuple[str, ...]  # why the source cannot carry a veto (empty: a fresh source)

    def stale(self, as_of: date, limit: int) -> bool:
        return self.newest is None or (as_of - self.newest).days > limit

    @property
    def fresh_source(self) -> bool:
        return not self.problems


def account_view(account: Account, published: dict[str, date], as_of: date,
                 limit: int) -> AccountView:
    """`published`: article page URL -> the date read from the page (the shared facts)."""
    newest = account.newest
    read = [published[item.url.split("#", 1)[0]] for item in account.articles
            if item.url.split("#", 1)[0] in published]
    verified = max(read) if read else None
    if newest is not None and verified is not None:
        newest = max(newest, verified)
    problems = []
    if account.source_state == "failed":
        problems.append("镜像来源本次无法读取")
    elif not account.articles:
        problems.append("镜像来源中没有文章")
    if account.source_updated is not None and (as_of - account.source_updated).days > limit:
        problems.append(f"镜像自{account.source_updated.isoformat()}起未更新")
    if account.mass_only:
        problems.append("该镜像只收录群发文章，以“发表”方式发布的文章不在其中")
    if account.articles and (verified is None or verified != newest):
        problems.append("最新文章的发布时间未能从文章页面读取")
    return AccountView(account, newest, verified, tuple(problems))
