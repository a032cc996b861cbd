"""A county portal on 127.0.0.1 for the national indicators' page checks, in TRS markup
(page-structures.md): 政策文件 and 政策解读 columns whose pages link each other (相关解读 /
相关文件), a 办事指南 column of guide tables, and the footer every page carries: 党政机关网站标识
(conac's document.write script), 我为政府网站找错 (the jiucuo script), 主办单位, 网站标识码, the
公安 and ICP records, 联系电话.

`planted=True` plants each check once; `planted=False` is the clean twin. PLANTED is the truth:
(rule, path) of every finding the national checks must raise, and nothing else.
"""

from __future__ import annotations

import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

AS_OF = date(2026, 11, 20)
SITE_NAME = "江河县人民政府"

CONAC = ('<span id="_ideConac"></span><script type="text/javascript">document.write(unescape('
         '"%3Cspan id=\'_ideConac\' %3E%3C/span%3E%3Cscript src=\'https://dcs.conac.cn/js/45/'
         '000/0000/60444133/CA450000000604441330002.js\' type=\'text/javascript\'%3E%3C/script%3E"'
         '));</script>')
JIUCUO = ('<script id="_jiucuo_" sitecode="4501220001" '
          'src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>')
POLICE = '<a href="http://www.beian.gov.cn/portal/registerSystemInfo">桂公网安备45012202000188号</a>'

POLICIES = {  # path -> (title, name, doc number, interpretation path)
    "/zwgk/zcwj/202610/t20261012_3001.html": (
        "江河县人民政府办公室关于印发《江河县农村供水工程运行管理办法》的通知",
        "江河县农村供水工程运行管理办法", "江政办发〔2026〕21号",
        "/zwgk/zcjd/202610/t20261014_3101.html"),
    "/zwgk/zcwj/202610/t20261020_3002.html": (
        "江河县人民政府关于印发《江河县促进就业创业若干措施》的通知",
        "江河县促进就业创业若干措施", "江政发〔2026〕9号",
        "/zwgk/zcjd/202610/t20261022_3102.html"),
}
GUIDES = ["/zwfw/bszn/202609/t20260901_4001.html", "/zwfw/bszn/202609/t20260905_4002.html"]
UNLINKED_POLICY = "/zwgk/zcwj/202610/t20261020_3002.html"  # planted: no 相关解读 link
NO_POLICE = "/zwgk/zcjd/"  # planted: the interpretation template lacks the 公安 record
NO_JIUCUO = "/lxwm.html"  # planted: the 联系我们 page lacks the 找错 entry
POOR_GUIDE = GUIDES[1]  # planted: no 收费标准, a catch-all wording
NO_NAME = "/wzdt.html"  # planted: the 网站地图 page's header is a logo image without alt
BOARD = "/hdjl/xzxx/index.html"  # 县长信箱: planted, its newest message is 3 months old
MESSAGES = [  # path -> (title, asked, replied); the planted board is three months older
    ("/hdjl/xzxx/202611/t20261110_5003.html", "关于江滨大道路灯维修的咨询", date(2026, 11, 10),
     date(2026, 11, 12)),
    ("/hdjl/xzxx/202611/t20261103_5002.html", "关于农贸市场周边停车难的建议", date(2026, 11, 3),
     date(2026, 11, 5)),
    ("/hdjl/xzxx/202610/t20261026_5001.html", "关于城区学校学位申请的咨询", date(2026, 10, 26),
     date(2026, 10, 28)),
]
NO_UNIT = MESSAGES[1][0]  # planted: the reply shows no 回复单位
NO_TAGS = "/zwfw/bszn/index.html"  # planted: the 办事指南 list template lacks the column metas
BJTJ = "/zwfw/bjtj/index.html"  # 办件统计: planted, its newest report is older than a month
STATS = "/hdjl/tj/index.html"  # 留言办理情况统计: planted, not published (no page, no link)

PLANTED = {
    ("identity.footer.police", "/"),
    ("identity.footer.zhaocuo", NO_JIUCUO),
    ("interpretation_link.to_interpretation", UNLINKED_POLICY),
    ("service_guide.element.fees", POOR_GUIDE),
    ("service_guide.vague", POOR_GUIDE),
    ("identity.header.site_name", "/"),
    ("interaction.publication.fields", NO_UNIT),
    ("interaction.publication.stale", BOARD),
    ("interaction.publication.stats", "/"),
    ("service_stats.stale_1m", BJTJ),
    ("page_tags.column", NO_TAGS),
}

NAV = [("首页", "/"), ("政府信息公开", "/zwgk/index.html"), ("政策文件", "/zwgk/zcwj/index.html"),
       ("政策解读", "/zwgk/zcjd/index.html"), ("办事服务", "/zwfw/index.html"),
       ("办事指南", "/zwfw/bszn/index.html"), ("办件统计", BJTJ),
       ("县长信箱", BOARD), ("联系我们", "/lxwm.html")]


def footer(police: bool = True, jiucuo: bool = True) -> str:
    return (
        '<div class="footer"><div class="w1200">'
        '<p><a href="/lxwm.html">联系我们</a> | <a href="/wzdt.html">网站地图</a></p>'
        "<p>主办单位：江河县人民政府办公室　联系电话：0771-5861001</p>"
        f"<p>政府网站标识码4501220001　{POLICE if police else ''}　"
        '<a href="https://beian.miit.gov.cn/">桂ICP备12003457号-1</a></p>'
        f'<div class="bsdt">{CONAC}{JIUCUO if jiucuo else ""}</div>'
        "</div></div>")


def page(title: str, main: str, crumbs: list[tuple[str, str]], *, column: str = "",
         police: bool = True, jiucuo: bool = True, article: bool = False,
         name: bool = True, column_tags: bool = True) -> str:
    meta = {"SiteName": SITE_NAME, "SiteDomain": "www.jhx.gov.cn", "SiteIDCode": "4501220001"}
    if column and column_tags:
        meta |= {"ColumnName": column, "ColumnType": column}
    if article:
        meta |= {"ArticleTitle": title, "PubDate": "2026-10-12 09:30", "ContentSource": "县政府办公室"}
    metas = "".join(f'<meta name="{k}" content="{v}">' for k, v in meta.items())
    nav = "".join(f'<li><a href="{h}">{t}</a></li>' for t, h in NAV)
    trail = " &gt; ".join(f'<a href="{h}">{t}</a>' for t, h in crumbs)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{metas}<title>{title}_{SITE_NAME}'
        f'</title></head><body><div class="header"><div class="logo">'
        f'<img src="/images/logo.png" alt="{SITE_NAME if name else ""}"></div>'
        '<div class="wza"><a href="javascript:;">无障碍</a></div></div>'
        f'<div class="nav"><ul>{nav}</ul></div>'
        f'<div class="position">当前位置：{trail}</div><div class="main">{main}</div>'
        f"{footer(police, jiucuo)}</body></html>")


def trs_list(items: list[tuple[str, str, date]]) -> str:
    rows = "".join(f'<li><a href="{p}" target="_blank" title="{t}">{t}</a>'
                   f'<span class="date">{d.isoformat()}</span></li>' for p, t, d in items)
    return f'<div class="list"><ul class="xxgk_list">{rows}</ul></div>'


def article(title: str, day: date, body: str, index: str = "") -> str:
    return (f'<div class="article"><h1>{title}</h1>{index}'
            f'<div class="info">发布日期：{day.isoformat()}　来源：江河县人民政府办公室</div>'
            f'<div class="TRS_Editor">{body}</div></div>')


def guide_table(fees: bool, vague: bool) -> str:
    rows = [
        ("事项名称", "个体工商户注册登记"),
        ("设定依据", "《促进个体工商户发展条例》第八条：申请登记为个体工商户，应当向经营场所所在地"
                     "登记机关申请注册登记。"),
        ("申请条件", "有经营能力的自然人，经营场所符合要求。"),
        ("申请材料", "1.个体工商户注册登记申请书（原件1份）<br>2.经营者身份证明（复印件1份，核验原件）"
                     "<br>3.经营场所使用证明（复印件1份）"
                     + ("<br>4.根据有关法律法规规定应提交的其他材料" if vague else "")),
        ("办理地点", "江河县政务服务中心一楼市场监管窗口"),
        ("办理机构", "江河县市场监督管理局"),
        ("收费标准", "不收费"),
        ("办理时间", "工作日上午9:00-12:00，下午13:30-17:00"),
        ("联系电话", "0771-5862301"),
        ("办理流程", "申请→受理→审查→决定→领取营业执照"),
    ]
    cells = "".join(f"<tr><td class=\"label\">{k}</td><td>{v}</td></tr>" for k, v in rows
                    if fees or k != "收费标准")
    return f'<table class="bszn" border="1">{cells}</table>'


def letter(title: str, asked: date, replied: date, unit: bool) -> str:
    """A 县长信箱 letter as TRS boards show it: a table of labelled cells."""
    rows = [("信件标题", title), ("来信人", "王**"), ("来信时间", f"{asked.isoformat()} 09:12"),
            ("来信内容", "江滨大道北段路灯已坏多日，夜间出行不便，请尽快处理。"),
            ("回复时间", f"{replied.isoformat()} 16:40")]
    if unit:
        rows.append(("回复单位", "江河县城市管理局"))
    rows.append(("回复内容", "您好，来信收悉。经核实，已安排处理，感谢您对我县工作的关心和监督。"))
    cells = "".join(f'<tr><td class="label">{k}</td><td>{v}</td></tr>' for k, v in rows)
    return f'<div class="xjxq"><h1>{title}</h1><table class="xxgk_table">{cells}</table></div>'


class NationalSite:
    """The portal on 127.0.0.1:<free port>."""

    def __init__(self, planted: bool) -> None:
        self.planted = planted
        self.routes = self._build()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                body = site.routes.get(urlsplit(self.path).path)
                data = (body or "<html><body><h1>404 Not Found</h1></body></html>").encode()
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> NationalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _build(self) -> dict[str, str]:
        planted = self.planted
        home, zwgk = ("首页", "/"), ("政府信息公开", "/zwgk/index.html")
        zcwj, zcjd = ("政策文件", "/zwgk/zcwj/index.html"), ("政策解读", "/zwgk/zcjd/index.html")
        zwfw, bszn = ("办事服务", "/zwfw/index.html"), ("办事指南", "/zwfw/bszn/index.html")
        routes: dict[str, str] = {}
        policy_items, interp_items = [], []
        for n, (path, (title, name, number, interp)) in enumerate(POLICIES.items()):
            day = date(2026, 10, 12 + 8 * n)
            related = "" if planted and path == UNLINKED_POLICY else (
                f'<div class="xgjd">相关解读：<a href="{interp}">《{name}》政策解读</a></div>')
            index = (f'<table class="xxgk_table"><tr><td>索引号：11450122MB1234567X/2026-0{n}</td>'
                     f"<td>发文字号：{number}</td></tr><tr><td>发布机构：江河县人民政府办公室</td>"
                     f"<td>成文日期：{day.isoformat()}</td></tr></table>")
            body = (f"<p>各乡镇人民政府，县直各单位：</p><p>现将《{name}》印发给你们，请认真贯彻执行。"
                    f"</p>{related}")
            routes[path] = page(title, article(title, day, body, index),
                                [home, zwgk, zcwj], column="政策文件", article=True)
            policy_items.append((path, title, day))
            iday = date(2026, 10, 14 + 8 * n)
            ititle = f"《{name}》政策解读"
            ibody = (f"<p>一、制定背景</p><p>为贯彻落实上级部署，县政府制定了本办法。</p>"
                     f"<p>二、主要内容</p><p>共五章二十条。</p>"
                     f'<div class="xgwj">相关文件：<a href="{path}">{title}</a></div>')
            routes[interp] = page(ititle, article(ititle, iday, ibody), [home, zwgk, zcjd],
                                  column="政策解读", article=True,
                                  police=not (planted and interp.startswith(NO_POLICE)))
            interp_items.append((interp, ititle, iday))
        guide_items = []
        for n, path in enumerate(GUIDES):
            poor = planted and path == POOR_GUIDE
            title = "个体工商户注册登记办事指南" if n == 0 else "个体工商户变更登记办事指南"
            day = date(2026, 9, 1 + 4 * n)
            routes[path] = page(title, article(title, day, guide_table(not poor, poor)),
                                [home, zwfw, bszn], column="办事指南", article=True)
            guide_items.append((path, title, day))
        routes["/zwgk/zcwj/index.html"] = page("政策文件", trs_list(policy_items[::-1]),
                                               [home, zwgk, zcwj], column="政策文件")
        routes["/zwgk/zcjd/index.html"] = page("政策解读", trs_list(interp_items[::-1]),
                                               [home, zwgk, zcjd], column="政策解读")
        routes["/zwfw/bszn/index.html"] = page("办事指南", trs_list(guide_items[::-1]),
                                               [home, zwfw, bszn], column="办事指南",
                                               column_tags=not (planted and NO_TAGS.startswith(
                                                   "/zwfw/bszn/")))
        links = "".join(f'<li><a href="{h}">{t}</a></li>' for t, h in NAV[1:])
        routes["/zwgk/index.html"] = page("政府信息公开", f"<ul>{links}</ul>", [home, zwgk])
        routes["/zwfw/index.html"] = page("办事服务", f"<ul>{links}</ul>", [home, zwfw])
        routes["/lxwm.html"] = page("联系我们", "<p>地址：江河县江滨大道1号　邮编：530100</p>",
                                    [home, ("联系我们", "/lxwm.html")],
                                    jiucuo=not (planted and NO_JIUCUO == "/lxwm.html"))
        routes["/wzdt.html"] = page("网站地图", f"<ul>{links}</ul>",
                                    [home, ("网站地图", "/wzdt.html")],
                                    name=not (planted and NO_NAME == "/wzdt.html"))
        reports, bjtj = [], ("办件统计", BJTJ)
        for month in (8, 9, 10):  # the planted column stops at August's report, early September
            day = date(2026, month + (0 if planted else 1), 6)
            path = f"/zwfw/bjtj/2026{day.month:02d}/t2026{day.month:02d}06_60{month:02d}.html"
            title = f"江河县政务服务中心2026年{month}月办件情况统计"
            body = (f"<p>2026年{month}月，县政务服务中心共受理办件{3100 + 17 * month}件，办结"
                    f"{3090 + 17 * month}件，按时办结率99.7%，群众满意率100%。</p>")
            routes[path] = page(title, article(title, day, body), [home, zwfw, bjtj],
                                column="办件统计", article=True)
            reports.append((path, title, day))
            if planted and month == 9:
                break
        routes[BJTJ] = page("办件统计", trs_list(reports[::-1]), [home, zwfw, bjtj],
                            column="办件统计")
        board, hdjl = [], ("互动交流", "/hdjl/index.html")
        late = 92 if planted else 0  # days: the planted board stopped three months ago
        for path, title, asked, replied in MESSAGES:
            asked, replied = (date.fromordinal(d.toordinal() - late) for d in (asked, replied))
            routes[path] = page(title, letter(title, asked, replied,
                                              unit=not (planted and path == NO_UNIT)),
                                [home, hdjl, ("县长信箱", BOARD)], column="县长信箱",
                                article=True)
            board.append((path, title, asked))
        stats = "" if planted else f'<p class="tj"><a href="{STATS}">留言办理情况统计</a></p>'
        routes[BOARD] = page("县长信箱", trs_list(board) + stats,
                             [home, hdjl, ("县长信箱", BOARD)], column="县长信箱")
        if not planted:
            routes[STATS] = page("留言办理情况统计", article(
                "2026年10月县长信箱留言办理情况统计", date(2026, 11, 2),
                "<p>10月共收到来信42件，已办结42件，按时办结率100%。</p>"),
                [home, hdjl, ("留言办理情况统计", STATS)], column="留言办理情况统计", article=True)
        news = trs_list([*policy_items, *interp_items])
        routes["/"] = routes["/index.html"] = page("首页", f'<div class="news">{news}</div>',
                                                   [home])
        return routes
