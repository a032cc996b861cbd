"""Soft 404s: pages that answer 200 but say the page does not exist.

No open-source link checker finds these, and government sites are full of them: CMSs answer a
deleted article with a 200 "页面不存在" page or send every dead deep link to the home page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

#: Phrases of error pages, Chinese and English. Matched in the title, or in a short body.
_ERROR_PHRASES = re.compile(
    r"(页面|网页|文章|信息|内容|资源|文件|栏目)\s*(不存在|已被?删除|已失效|已过期|找不到|未找到|无法找到|无法访问)"
    r"|(您|你)?(所)?(访问|请求|查找|浏览)的(页面|网页|内容|信息|文章)(不存在|已被?删除|已失效|找不到|未找到)"
    r"|找不到(该|此|您要访问的)?(页面|网页|文件)|页面走丢了|页面丢失|抱歉.{0,12}(不存在|已删除)"
    r"|\b404\b|not\s+found|page\s+(does\s+not|doesn't)\s+exist|no\s+longer\s+available"
    r"|(该|此)(信息|文章|内容)已(被)?(删除|撤销|撤回|撤稿|下线)"
    # WeChat's notices for a deleted or blocked article, as its mirrors and links show them
    r"|(该|此)(内容|文章)已被发布者删除|(该|此)?(内容|文章)因(违规|涉嫌违反相关法律法规和政策)无法查看"
    r"|此内容被(投诉|多人投诉).{0,20}无法查看|此(帐|账)号.{0,12}(注销|屏蔽|封禁).{0,8}无法查看"
    r"|该公众号已(迁移|注销)|内容已被发布者删除",
    re.IGNORECASE,
)
#: Separators between a page's own title and the site name in <title>.
_TITLE_PARTS = re.compile(r"\s*[-_|–—·]\s*|\s{2,}")
#: How many characters besides the error phrase a title part may have and still *be* the
#: error message: 「抱歉，您访问的页面不存在」 is one, 「关于网站部分页面无法访问问题的说明」 is a
#: live article about one.
_TITLE_SLACK = 6
#: A page whose visible text is this short and says one of the phrases is an error page.
SHORT_BODY = 600


def soft_404_reason(*, title: str | None, text: str, url: str,
                    final_url: str | None) -> str | None:
    """Why a 200 response is really a missing page, or None when it is a real page."""
    stripped = text.strip()
    short = len(stripped) <= SHORT_BODY
    if title and _title_is_error(title, short_body=short):
        return "error_title"
    if short and _ERROR_PHRASES.search(stripped):
        return "error_text"
    return "redirected_home" if redirected_home(url, final_url) else None


def _title_is_error(title: str, *, short_body: bool) -> bool:
    """A title says the page is missing when it is the error message itself (whatever the body:
    error pages keep the site's navigation), or mentions one over a short body."""
    for part in _TITLE_PARTS.split(title.strip()):
        match = _ERROR_PHRASES.search(part)
        if match and (short_body or len(part) - len(match.group(0)) <= _TITLE_SLACK):
            return True
    return False


def redirected_home(url: str, final_url: str | None) -> bool:
    """A deep link that lands on the home page: the CMS's answer for a deleted page."""
    return bool(final_url) and final_url != url and _is_home(final_url) and not _is_home(url)


def _is_home(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return path in ("", "/", "/index.html", "/index.htm", "/index.shtml", "/index.jsp",
                    "/default.htm", "/default.html", "/index.php", "/default.aspx")
