"""The portal's pages outside the columns: home page, section pages, services, interaction,
走进江河 (with the one page of broken HTML), special topics, footer pages and static assets.
"""

from __future__ import annotations

import json
import re

from govpatrol.demo import SITE_NAME, layout
from tools.build_demo import content as C
from tools.build_demo import files, planted
from tools.build_demo.model import EXT, ROBOTS_DISALLOW, ZW, Article, esc, p
from tools.build_demo.state import Build


def simple_page(b: Build, path: str, title: str, inner: str, crumbs: layout.Crumbs,
                meta: dict[str, str] | None = None) -> None:
    main = f'<div class="main w1200"><div class="article">\n{inner}\n</div></div>'
    b.add_html(path, layout.page(f"{title}_{SITE_NAME}", main, crumbs=crumbs, meta=meta))


def block(b: Build, title: str, more: str, articles: list[Article], date_format: str) -> str:
    items = "\n".join(
        f'<li><a href="{a.path}" target="_blank" title="{esc(a.title)}">{esc(a.title)}</a>'
        f"<span>{a.day.strftime(date_format)}</span></li>" for a in articles)
    return (f'<div class="block"><div class="block-title"><h3>{esc(title)}</h3>'
            f'<a class="more" href="{more}">更多&gt;&gt;</a></div>\n'
            f'<ul class="news-list">\n{items}\n</ul></div>')


def render_home(b: Build) -> None:
    c = b.columns
    news = c["zwyw"].articles
    headline = news[0]
    lead = re.sub(r"<[^>]+>", "", headline.body[0])[:60]
    pictures = "".join(
        f'<li><a href="{a.path}" target="_blank"><img src="{a.folder}{a.image}" '
        f'alt="{esc(a.title)}"></a><p>{esc(a.title)}</p></li>'
        for a in c["tpxw"].articles[:4])
    specials = (("/ztzl/yshj/index.html", "优化营商环境专题", "zt_yshj.png"),
                ("/ztzl/xczx/index.html", "全面推进乡村振兴专题", "zt_xczx.png"),
                ("/ztzl/aqsc/index.html", "安全生产专项整治专题", "zt_aqsc.png"))
    special = "".join(f'<li><a href="{href}"><img src="/images/{img}" alt="{t}"></a></li>'
                      for href, t, img in specials)
    main = f"""<div class="main w1200 home">
<div class="focus"><ul class="focus-list">{pictures}</ul></div>
<div class="headline"><h2><a href="{headline.path}" target="_blank">{esc(headline.title)}</a></h2>
<p>{lead}……</p></div>
{block(b, "政务要闻", c["zwyw"].path, news[:8], "%m-%d")}
{block(b, "通知公告", c["tzgg"].path, c["tzgg"].articles[:8], "%m-%d")}
{block(b, "政策文件", c["zcwj"].path, c["zcwj"].articles[:5], "%m-%d")}
<div class="special"><h3>专题专栏</h3><ul>{special}</ul></div>
<div class="service"><h3>政务服务</h3><ul>
<li><a href="{EXT}/zwfw/grbs.html" target="_blank">个人办事</a></li>
<li><a href="{EXT}/zwfw/frbs.html" target="_blank">法人办事</a></li>
<li><a href="/zwfw/index.html">更多服务</a></li></ul></div>
<div class="interact"><h3>互动交流</h3><ul>
<li><a href="/hdjl/szxx.html">市长信箱</a></li>
<li><a href="/zxft/index.html">在线访谈</a></li>
<li><a href="/hdrl/index.html?month=2026-11">活动日历</a></li>
<li><a href="/hdjl/zjdc.html">征集调查</a></li></ul></div>
<div class="friend-links"><h3>友情链接</h3>
<a href="{EXT}/zgzf/index.html" target="_blank">中国政府网</a>
<a href="{EXT}/gxzf/index.html" target="_blank">广西壮族自治区人民政府门户网站</a>
<a href="{EXT}/xlgl/index.html" target="_blank">锡林郭勒盟行政公署</a></div>
</div>"""
    top = ' <a href="/admin/login.html">信息报送</a> <a href="/wzdt.html">网站导航</a>'
    html = layout.page(f"{SITE_NAME}门户网站", main, top_links=top)
    b.add_html("/index.html", html)
    # the home page's link to it is the same problem: one unreachable finding naming the home
    # page in linked_from, not a broken_link besides it (findings.md)
    b.planted.append({"category": "unreachable", "rule": "unreachable.500",
                      "path": "/zxft/index.html", "text": None, "status": "500",
                      "linked_from": ["/"], "link_text": "在线访谈",
                      "note": "在线访谈页面服务器错误（HTTP 500），首页链接到它"})


def render_sections(b: Build) -> None:
    c = b.columns
    news_blocks = "\n".join(block(b, c[k].name, c[k].path, c[k].articles[:6], "%Y-%m-%d")
                            for k in ("zwyw", "bmdt", "tpxw"))
    main = f'<div class="main w1200 section">\n{news_blocks}\n</div>'
    b.add_html("/xwzx/index.html", layout.page(
        f"新闻中心_{SITE_NAME}", main, crumbs=[("首页", "/"), ("新闻中心", None)],
        meta={"ColumnName": "新闻中心", "ColumnType": "新闻动态"}))

    guide_links = [("政府信息公开指南", c["gkzn"].path),
                   ("政府信息公开制度", c["gkzd"].path),
                   ("法定主动公开内容", "/zwgk/fdzdgknr/index.html"),
                   ("政府信息公开年报", c["gknb"].path),
                   ("依申请公开", "/zwgk/ysqgk/index.html")]
    statutory = [(c[k].name, c[k].path) for k in
                 ("tzgg", "zcwj", "zcjd", "xzcf", "czyjs", "zdjsxm", "rsxx", "ghjh")]

    def grid(links: list[tuple[str, str]]) -> str:
        return "".join(f'<li><a href="{href}">{esc(t)}</a></li>' for t, href in links)

    main = (f'<div class="main w1200 section">\n<div class="intro">'
            f"<p>{esc(C.GUIDE_PARAGRAPHS[0])}</p></div>\n"
            f'<div class="gk-entry"><h3>政府信息公开</h3><ul>{grid(guide_links)}</ul></div>\n'
            f'<div class="gk-entry"><h3>法定主动公开内容</h3><ul>{grid(statutory)}</ul></div>\n'
            "</div>")
    b.add_html("/zwgk/index.html", layout.page(
        f"政府信息公开_{SITE_NAME}", main, crumbs=[("首页", "/"), ("政府信息公开", None)],
        meta={"ColumnName": "政府信息公开", "ColumnType": "信息公开"}))

    zw_crumbs: layout.Crumbs = [("首页", "/"), ZW]
    simple_page(b, "/zwgk/fdzdgknr/index.html", "法定主动公开内容",
                     "<h1>法定主动公开内容</h1>\n"
                     f'<ul class="entry-list">{grid(statutory)}</ul>',
                     zw_crumbs + [("法定主动公开内容", None)])
    form = "P020240301123456789012.doc"
    b.add(f"/zwgk/ysqgk/{form}", files.doc_bytes("江河市政府信息公开申请表"))
    simple_page(b,
        "/zwgk/ysqgk/index.html", "依申请公开",
        "<h1>依申请公开</h1>\n" + p(C.GUIDE_PARAGRAPHS[2]) + "\n"
        + p("申请人可以下载并填写政府信息公开申请表，通过当面、邮寄等方式提交。") + "\n"
        + f'<p><a href="./{form}">江河市政府信息公开申请表.doc</a></p>',
        zw_crumbs + [("依申请公开", None)])


def render_other_pages(b: Build) -> None:
    c = b.columns
    home = [("首页", "/")]
    simple_page(b,
        "/zwfw/index.html", "政务服务",
        "<h1>政务服务</h1>\n"
        + p("江河市政务服务中心集中办理市级行政许可和公共服务事项，实行“一窗受理、集成服务”。"
            "企业和群众可通过广西数字政务一体化平台网上办理。") + "\n"
        f'<ul class="entry-list"><li><a href="{EXT}/zwfw/grbs.html">个人办事</a></li>'
        f'<li><a href="{EXT}/zwfw/frbs.html">法人办事</a></li>'
        '<li><a href="/slow/index.html">政务服务地图</a></li></ul>',
        home + [("政务服务", None)])
    b.planted.append({"category": "unreachable", "rule": "unreachable.timeout",
                      "path": "/slow/index.html", "text": None, "status": "timeout",
                      "note": "响应时间为服务器的 slow_seconds 秒，"
                                 "超过巡检超时时为无法访问"})
    simple_page(b,
        "/hdjl/index.html", "互动交流",
        "<h1>互动交流</h1>\n"
        + p("欢迎社会公众通过市长信箱、征集调查等渠道建言献策，我们将认真研究办理。") + "\n"
        '<ul class="entry-list"><li><a href="/hdjl/szxx.html">市长信箱</a></li>'
        '<li><a href="/hdjl/zjdc.html">征集调查</a></li></ul>',
        home + [("互动交流", None)])
    simple_page(b,
        "/hdjl/szxx.html", "市长信箱",
        "<h1>市长信箱</h1>\n" + p(C.GOV_OPEN_PARAGRAPHS[3]) + "\n"
        + p("来信人应当如实填写姓名、联系电话和来信内容，不得捏造、歪曲事实。") + "\n"
        '<form class="letter" action="/hdjl/submit.jsp" method="post">'
        '<input type="text" name="name"><textarea name="content"></textarea>'
        '<button type="submit">提交</button></form>',
        home + [("互动交流", "/hdjl/index.html"), ("市长信箱", None)])
    draft = next(a for a in c["tzgg"].articles if "征求意见稿" in a.title)
    simple_page(b,
        "/hdjl/zjdc.html", "征集调查",
        "<h1>征集调查</h1>\n"
        + p("为提高立法质量，市司法局就《江河市城市绿化管理办法（征求意见稿）》"
            "公开征求社会各界意见。")
        + f'\n<p>详见：<a href="{draft.path}">{esc(draft.title)}</a></p>',
        home + [("互动交流", "/hdjl/index.html"), ("征集调查", None)])
    render_zjjh(b)
    render_specials(b)
    render_footer_pages(b)
    b.add_html("/error/notfound.html", layout.head("页面不存在") + """
<body>
<div class="error-box">
<h2>抱歉，您访问的页面不存在或已被删除！</h2>
<p><a href="/">返回首页</a></p>
</div>
</body>
</html>
""")
    b.add_html("/admin/login.html", layout.head(f"内容管理系统登录_{SITE_NAME}") + """
<body>
<form class="login" action="/admin/login.do" method="post">
<h2>江河市人民政府网站内容管理系统</h2>
<p>用户名：<input type="text" name="username"></p>
<p>密　码：<input type="password" name="password"></p>
<p><button type="submit">登录</button></p>
</form>
</body>
</html>
""")


def render_zjjh(b: Build) -> None:
    home = [("首页", "/")]
    crumbs = home + [("走进江河", "/zjjh/index.html")]
    simple_page(b,
        "/zjjh/index.html", "走进江河",
        "<h1>走进江河</h1>\n"
        '<ul class="entry-list"><li><a href="/zjjh/jhgk.html">江河概况</a></li>'
        '<li><a href="/zjjh/jggk.html">机构概况</a></li>'
        '<li><a href="/zjjh/ldxx.html">领导信息</a></li>'
        '<li><a href="/zjjh/lsyg.html">历史沿革</a></li></ul>',
        home + [("走进江河", None)])
    simple_page(b,
        "/zjjh/jhgk.html", "江河概况",
        "<h1>江河概况</h1>\n"
        + p("江河市位于西江中游，因江河交汇而得名，辖江北区、江南区、临江县、河口县、青山县、"
            "白沙县和江河高新区，总面积1.2万平方公里，常住人口约320万人。") + "\n"
        + p("江河市气候温和，雨量充沛，是全国重要的糖料蔗生产基地和"
            "西江黄金水道的重要港口城市。"),
        crumbs + [("江河概况", None)])
    departments = "、".join(d.removeprefix("市") for d in C.DEPARTMENTS)
    simple_page(b,
        "/zjjh/jggk.html", "机构概况",
        "<h1>机构概况</h1>\n"
        + p("江河市人民政府是江河市国家行政机关，实行市长负责制。") + "\n"
        + p(f"市人民政府工作部门包括：{departments}等。"),
        crumbs + [("机构概况", None)])
    simple_page(b,
        "/zjjh/ldxx.html", "领导信息",
        "<h1>领导信息</h1>\n" + p(f"市长：{C.MAYOR}，主持市人民政府全面工作。") + "\n"
        + "\n".join(p(f"副市长：{name}，协助市长分管有关方面工作。") for name in C.VICE_MAYORS),
        crumbs + [("领导信息", None)])
    sentence = "江河市因江河交汇而得名，素有“西江明珠”之称，建城历史已有两千多年。"
    b.malformed = {"path": "/zjjh/lsyg.html", "sentence": sentence}
    b.add_html("/zjjh/lsyg.html", layout.head(f"历史沿革_{SITE_NAME}") + f"""
<body>
{layout.header()}
{layout.nav()}
<div class="position">当前位置：<a href="/">首页</a> &gt; \
<a href="/zjjh/index.html">走进江河</a> &gt; 历史沿革</div>
<div class="main w1200">
<div id="content">
<h1>历史沿革</h1>
<p>{sentence}</p>
<div class="info"><span>发布时间：2025-06-18 10:00</span>
<span class="intro"><p>秦统一岭南后，江河地属桂林郡。汉代置县，唐代设州，明清两代为府治所在地。
</span>
<table class="history"><tr><td>1949年</td><td>江河解放，设江河专区</td></td>
<tr><td>1983年</td><td>撤销江河地区，设立地级江河市</td>
</table></td>
<div class="para"><p>1983年10月，经国务院批准，撤销江河地区，设立地级江河市。
<p>2002年，江河高新技术产业开发区设立，城市发展进入新阶段。
<div class="para">
</div>
{layout.footer()}
</body>
</html>
<!-- 统计代码开始
<script type="text/javascript">var _hmt = _hmt || [];</script>
""")


def render_specials(b: Build) -> None:
    c = b.columns
    policies = {a.subject: a for a in c["zcwj"].articles}
    related = [policies[s] for s in ("江河市优化营商环境若干措施",
                                     "江河市促进民营经济高质量发展若干措施",
                                     "江河市政务服务“好差评”管理办法")]
    links = "".join(f'<li><a href="{a.path}" target="_blank">{esc(a.title)}</a></li>'
                    for a in related)
    simple_page(b,
        "/ztzl/yshj/index.html", "优化营商环境专题",
        "<h1>优化营商环境专题</h1>\n"
        + p("优化营商环境就是解放生产力、提高竞争力。我市持续深化“放管服”改革，"
            "推动政务服务事项“一网通办”，不断提升企业和群众办事便利度。") + "\n"
        + f'<h3>政策文件</h3>\n<ul class="entry-list">{links}</ul>\n'
        '<h3>相关链接</h3>\n<ul class="entry-list">'
        '<li><a href="/error/notfound.html" target="_blank">江河市营商环境投诉平台</a></li>'
        f'<li><a href="{EXT}/gone.html" target="_blank">自治区优化营商环境监督平台</a></li>'
        "</ul>",
        [("首页", "/"), ("优化营商环境专题", None)])
    planted.plant_link(b, "broken_link", "links.a", "/ztzl/yshj/index.html", "/error/notfound.html",
                    "江河市营商环境投诉平台", "soft_404")
    planted.plant_link(b, "broken_link", "links.a", "/ztzl/yshj/index.html", f"{EXT}/gone.html",
                    "自治区优化营商环境监督平台", "404")
    rural = [a for a in c["zwyw"].articles if "乡村振兴" in a.title
             and not a.kind.startswith("planted")][:4]
    rural += [a for a in c["tpxw"].articles if "金桔" in a.title or "糖料蔗" in a.title]
    links = "".join(f'<li><a href="{a.path}" target="_blank">{esc(a.title)}</a></li>'
                    for a in rural)
    simple_page(b,
        "/ztzl/xczx/index.html", "全面推进乡村振兴专题",
        "<h1>全面推进乡村振兴专题</h1>\n"
        + p("我市坚持农业农村优先发展，巩固拓展脱贫攻坚成果，发展壮大糖料蔗、金桔等特色产业，"
            "扎实推进宜居宜业和美乡村建设。") + "\n"
        + f'<h3>专题文章</h3>\n<ul class="entry-list">{links}</ul>',
        [("首页", "/"), ("全面推进乡村振兴专题", None)])
    simple_page(b,
        "/ztzl/aqsc/index.html", "安全生产专项整治专题",
        "<h1>安全生产专项整治专题</h1>\n"
        + p(C.MEETING_POINTS[1]) + "\n"
        + p("各县（区）、各部门要聚焦道路交通、建筑施工、城镇燃气、消防等重点行业领域，"
            "深入开展隐患排查整治，建立问题隐患和制度措施“两个清单”，确保整治取得实效。"),
        [("首页", "/"), ("安全生产专项整治专题", None)])


def render_footer_pages(b: Build) -> None:
    c = b.columns
    sections = [("新闻中心", "/xwzx/index.html", ("zwyw", "bmdt", "tpxw")),
                ("政府信息公开", "/zwgk/index.html",
                 ("gkzn", "gkzd", "gknb", "tzgg", "zcwj", "zcjd", "xzcf", "czyjs", "zdjsxm",
                  "rsxx", "ghjh"))]
    blocks = []
    for name, href, keys in sections:
        links = "".join(f'<li><a href="{c[k].path}">{esc(c[k].name)}</a></li>' for k in keys)
        blocks.append(f'<div class="map-block"><h3><a href="{href}">{name}</a></h3>'
                      f"<ul>{links}</ul></div>")
    blocks.append('<div class="map-block"><h3><a href="/zjjh/index.html">走进江河</a></h3><ul>'
                  '<li><a href="/zjjh/jhgk.html">江河概况</a></li>'
                  '<li><a href="/zjjh/jggk.html">机构概况</a></li></ul></div>')
    simple_page(b, "/wzdt.html", "网站地图", "<h1>网站地图</h1>\n" + "\n".join(blocks),
                     [("首页", "/"), ("网站地图", None)])
    simple_page(b,
        "/lxwm.html", "联系我们",
        "<h1>联系我们</h1>\n"
        + p("主办单位：江河市人民政府办公室") + "\n"
        + p("通信地址：江河市江滨大道1号市政府大楼，邮政编码：545000") + "\n"
        + p("网站运维电话：0771-5861001（工作日上午8:00—12:00，下午14:30—17:30）") + "\n"
        + p("如发现网站内容有错误，欢迎通过以上方式告知我们，我们将及时核实处理。"),
        [("首页", "/"), ("联系我们", None)])
    simple_page(b,
        "/yssm.html", "隐私声明",
        "<h1>隐私声明</h1>\n"
        + p("江河市人民政府门户网站尊重并保护所有使用本网站用户的个人隐私权。"
            "为了给您提供更准确、更有个性化的服务，本网站会按照本隐私声明的规定"
            "使用和披露您的个人信息。") + "\n"
        + p("除法律法规另有规定外，本网站不会将您的个人信息提供给任何第三方。"
            "您在使用市长信箱等互动栏目时提交的信息，仅用于办理您的诉求。") + "\n"
        + p("本网站将采取合理的安全措施，保护您提交的个人信息，防止信息泄露、损毁或丢失。"),
        [("首页", "/"), ("隐私声明", None)])


def render_assets(b: Build) -> None:
    b.add("/robots.txt", f"User-agent: *\nDisallow: {ROBOTS_DISALLOW}\n".encode())
    b.add("/images/logo.png", files.png(48, 48, (176, 32, 32)))
    for name, rgb in (("zt_yshj.png", (32, 96, 176)), ("zt_xczx.png", (48, 144, 64)),
                      ("zt_aqsc.png", (208, 96, 32))):
        b.add(f"/images/{name}", files.png(32, 16, rgb))
    b.add("/css/style.css", (
        "/* 江河市人民政府门户网站样式 */\n"
        "body{margin:0;font:14px/1.8 'Microsoft YaHei',SimSun,sans-serif;color:#333}\n"
        ".w1200{width:1200px;margin:0 auto}\n.header{background:#b02020;color:#fff}\n"
        ".nav ul{margin:0;padding:0;list-style:none;background:#8a1818}\n"
        ".nav li{display:inline-block;padding:0 24px}\n.nav a{color:#fff}\n"
        ".position{width:1200px;margin:10px auto;color:#666}\n"
        ".list li{border-bottom:1px dashed #ddd}\n.list li span{float:right;color:#999}\n"
        ".footer{background:#f2f2f2;text-align:center;color:#666;padding:16px 0}\n"
        ".TRS_Editor p,#zoom p,.article-content p{text-indent:2em}\n").encode())
    b.add("/js/jquery.min.js", b"/*! jQuery stand-in for the demo portal */\n"
          b"window.$=window.jQuery=function(){return {ready:function(f){f()},"
          b"jpage:function(){}}};\n")
    b.add("/js/trs_page.js", (
        "// TRS WCM pager: writes the page links; there are no <a> tags in the HTML itself\n"
        "function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){\n"
        "  if(_nPageCount == null || _nPageCount <= 1){ return; }\n"
        "  var nCurrIndex = _nCurrIndex || 0;\n"
        "  function name(i){ return i == 0 ? _sPageName + '.' + _sPageExt"
        " : _sPageName + '_' + i + '.' + _sPageExt; }\n"
        "  if(nCurrIndex > 0){ document.write('<a href=\"' + name(nCurrIndex - 1) + '\">"
        "上一页</a> '); }\n"
        "  for(var i = 0; i < _nPageCount; i++){\n"
        "    if(i == nCurrIndex){ document.write('<span>' + (i + 1) + '</span> '); }\n"
        "    else { document.write('<a href=\"' + name(i) + '\">' + (i + 1) + '</a> '); }\n"
        "  }\n"
        "  if(nCurrIndex < _nPageCount - 1){ document.write('<a href=\"' +"
        " name(nCurrIndex + 1) + '\">下一页</a>'); }\n"
        "}\n").encode())
    b.add("/module/web/jpage/jpage.js", (
        "/* 大汉 jpage stand-in: the real plugin fetches dataproxy.jsp and renders records */\n"
        "(function($){ if($ && $.fn){ $.fn.jpage = function(){ return this; }; } })"
        "(window.jQuery);\n").encode())
    b.add("/_headers.json", json.dumps(b.content_types, ensure_ascii=False, indent=1,
                                       sort_keys=True).encode("utf-8"))
