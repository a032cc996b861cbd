"""Anti-bot challenges and firewall blocks: pages that answer the patrol, not the reader.

Chinese government sites sit behind WAFs that answer a client without a browser with a
challenge instead of the page: 瑞数 (Riversecurity) with HTTP 412 and a `$_ts` script that
computes a cookie, 加速乐 (Jiasule / 知道创宇) with HTTP 521 and a `document.cookie=` script
setting `__jsl_clearance`, Cloudflare, 安全狗, 云锁, 阿里云 WAF with 403/503 challenge or
block pages. The page exists and readers see it; the patrol does not. Such an answer is
`blocked` (unknown), never a dead link or an unreachable page: the fix is to allow-list the
patrol's address, not to touch the content.

`challenge()` looks at status, body and Set-Cookie only, so the crawler and the link checker
judge the same way.
"""

from __future__ import annotations

import re

#: The error names a blocked fetch is stored under (model.BLOCKED_ERRORS gives their labels).
JS_CHALLENGE = "js_challenge"  # 412, 瑞数-style
COOKIE_CHALLENGE = "cookie_challenge"  # 521, 加速乐-style
WAF_CHALLENGE = "waf_challenge"  # 403 / 503 / 429 challenge or firewall block page

#: Statuses a challenge can come with; only these are worth reading a body for.
CHALLENGE_STATUSES = frozenset({403, 412, 429, 503, 521})
SNIFF_BYTES = 64 * 1024

_RUISHU = re.compile(rb"\$_ts\s*=|\$_ts\[|FSSBBIl1UgzbN7N|\.ts=|<meta[^>]+r=['\"]m['\"]", re.I)
_JIASULE = re.compile(rb"document\.cookie\s*=|__jsl_clearance|__jsluid|jsl_clearance", re.I)
_WAF = re.compile(
    r"cf-browser-verification|challenge-platform|cf_chl_|jschl|Just a moment\.\.\."
    r"|Attention Required!|__jsl_clearance|\$_ts\s*="
    r"|yunsuo_session_verify|safedog|安全狗|云锁|创宇盾|知道创宇|aliyun_waf|acw_sc__v2"
    r"|_waf_|网站防火墙|Web应用防火墙|WAF拦截|访问被拦截|请求被拦截|访问已被拦截|拦截了您的访问"
    r"|访问被阻断|请求已被阻断|您的访问被拒绝|疑似攻击|安全验证|人机验证|滑动验证"
    r"|请开启JavaScript|enable JavaScript and cookies",
    re.I,
)
_COOKIE_NAMES = re.compile(r"__jsluid|__jsl_clearance|FSSBBIl1UgzbN7N|yunsuo|safedog|acw_tc"
                           r"|__cf_bm|cf_clearance", re.I)


def challenge(status: int | None, body: bytes = b"", set_cookie: str = "") -> str | None:
    """The kind of challenge or block this answer is, or None for a real answer."""
    if status not in CHALLENGE_STATUSES:
        return None
    head = body[:SNIFF_BYTES]
    if status == 412 and (b"<script" in head.lower() or _RUISHU.search(head) or set_cookie):
        return JS_CHALLENGE
    if status == 521 and (_JIASULE.search(head) or "__jsluid" in set_cookie):
        return COOKIE_CHALLENGE
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:  # cut mid-character, or a GBK page
        text = head.decode("gb18030", errors="ignore")
    if _WAF.search(text) or (_COOKIE_NAMES.search(set_cookie) and "<script" in text.lower()):
        return WAF_CHALLENGE
    return None
