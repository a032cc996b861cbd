"""List-page adapters on markup shaped like the real CMS families (page-structures.md)."""

from datetime import date

from lxml import html

from govpatrol.crawler.adapters import ListInput, read_list

TODAY = date(2026, 11, 20)


def read(markup: str, url: str, first_page: bool = True, hint: str | None = None):
    root = None if markup.startswith("<?xml") else html.fromstring(markup)  # data, not a page
    return read_list(ListInput(root, markup, url, TODAY, first_page=first_page), hint=hint)


TRS_LIST = """<html><head><meta charset="utf-8"><title>政务要闻</title></head><body>
<div class="position">当前位置：<a href="../../">首页</a> &gt; <a href="../">新闻中心</a> &gt; <a href="./">政务要闻</a></div>
<ul class="list">
<li><a href="./202611/t20261118_100123.html" target="_blank" title="市政府召开第45次常务会议">市政府召开第45次常务会议</a><span>2026-11-18</span></li>
<li><a href="./202611/t20261117_100120.html" target="_blank" title="市领导调研冬季农业生产和农村人居环境整治工作">市领导调研冬季农业生产和农村人居环…</a><span>2026-11-17</span></li>
<li><a href="./202611/t20261116_100118.html" target="_blank" title="全市安全生产工作会议召开">全市安全生产工作会议召开</a><span>2026-11-16</span></li>
</ul>
<div class="page"><script language="JavaScript">
var currentPage = 0;//所在页从0开始
var prevPage = currentPage-1//上一页
var countPage = 4//共多少页
createPageHTML(4, 0, "index", "html");
</script></div>
<div class="sidebar"><ul><li><a href="/zt/2026/">专题：学习贯彻全会精神</a><span>2026-10-30</span></li></ul></div>
</body></html>"""


def test_trs_script_pager_gives_every_page_and_the_full_titles():
    page = read(TRS_LIST, "http://www.jianghe.gov.cn/xwzx/zwyw/index.html")
    assert page.adapter == "trs"
    assert [f.url for f in page.follow] == [
        f"http://www.jianghe.gov.cn/xwzx/zwyw/index_{n}.html" for n in (1, 2, 3)
    ]
    assert [(i.title, i.list_date) for i in page.items] == [
        ("市政府召开第45次常务会议", date(2026, 11, 18)),
        ("市领导调研冬季农业生产和农村人居环境整治工作", date(2026, 11, 17)),
        ("全市安全生产工作会议召开", date(2026, 11, 16)),
    ]
    assert page.items[0].url == "http://www.jianghe.gov.cn/xwzx/zwyw/202611/t20261118_100123.html"


def test_trs_later_pages_do_not_schedule_the_pager_again():
    markup = TRS_LIST.replace("createPageHTML(4, 0,", "createPageHTML(4, 2,")
    page = read(markup, "http://www.jianghe.gov.cn/xwzx/zwyw/index_2.html", first_page=False)
    assert page.adapter == "trs" and page.follow == [] and len(page.items) == 3


HANWEB_COLUMN = """<html><head><meta charset="utf-8"><title>政策文件</title></head><body>
<div id="4321"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=1001&unitid=4321&webname=%E6%B1%9F%E6%B2%B3&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2026/11/3/art_1001_5040.html" title="江河市人民政府关于公布2026年第二批市级非物质文化遗产代表性项目名录的通知" target="_blank">江河市人民政府关于公布2026年第二批市级非物质文化遗产代表性项目名录的通知</a><span>2026-11-03</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2026/10/20/art_1001_5039.html" title="江河市人民政府办公室关于印发江河市优化营商环境若干措施的通知" target="_blank">江河市人民政府办公室关于印发江河市优化营商环境若干措施的通知</a><span>2026-10-20</span></li>]]></record>
</recordset></datastore></script></div>
<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>
<script>$(document).ready(function(){ $('#4321').jpage({ dataStore: document.getElementById('4321').getElementsByTagName('script')[0].innerHTML, totalRecord: 40, perPage: 15, groupSize: 1, proxyUrl: '/module/web/jpage/dataproxy.jsp', ajaxParam: {col:1, appid:1, webid:1, path:'/', columnid:1001, sourceContentType:1, unitid:4321, webname:'江河市人民政府', permissiontype:0} }); });</script>
</body></html>"""


def test_hanweb_records_only_inside_the_datastore_and_the_dataproxy_requests():
    page = read(HANWEB_COLUMN, "http://www.jianghe.gov.cn/col/col1001/index.html")
    assert page.adapter == "hanweb"
    assert [i.list_date for i in page.items] == [date(2026, 11, 3), date(2026, 10, 20)]
    assert page.items[0].url == "http://www.jianghe.gov.cn/art/2026/11/3/art_1001_5040.html"
    ranges = [f.url.split("?", 1)[1] for f in page.follow]
    assert ranges == [
        "startrecord=3&endrecord=17&perpage=15",
        "startrecord=18&endrecord=32&perpage=15",
        "startrecord=33&endrecord=40&perpage=15",
    ]
    assert all(f.method == "POST" for f in page.follow)
    assert page.follow[0].formdata == {
        "col": "1", "appid": "1", "webid": "1", "path": "/", "columnid": "1001",
        "sourceContentType": "1", "unitid": "4321", "webname": "江河市人民政府",
        "permissiontype": "0",
    }


def test_hanweb_dataproxy_answer():
    xml = """<?xml version="1.0" encoding="utf-8"?><datastore><nextgroup><![CDATA[]]></nextgroup>
    <totalrecord>40</totalrecord><totalpage>3</totalpage><recordset>
    <record><![CDATA[<li><a href="/art/2026/9/1/art_1001_5010.html" title="关于做好秋季学期开学工作的通知">关于做好秋季学期开学工作的通知</a><span>2026-09-01</span></li>]]></record>
    </recordset></datastore>"""
    page = read(xml, "http://www.jianghe.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=15",
                first_page=False, hint="hanweb")
    assert page.adapter == "hanweb" and page.follow == []
    assert [(i.title, i.list_date) for i in page.items] == [("关于做好秋季学期开学工作的通知", date(2026, 9, 1))]


PLAIN_LIST = """<html><body>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/tzgg/">通知公告</a></div>
<ul class="news-list">
<li><a href="/zwgk/tzgg/202611/t20261117_2001.html">关于2026年冬季供暖有关事项的通告</a><span class="date">[2026-11-17]</span></li>
<li><a href="/zwgk/tzgg/202611/t20261112_2000.html">关于开展2026年度统计执法检查的公告</a><span class="date">[2026-11-12]</span></li>
<li><a href="/zwgk/tzgg/202611/t20261105_1999.html">江河市2026年第三季度食品安全抽检信息公告</a><span class="date">[2026-11-05]</span></li>
</ul>
<div class="pagination">共3页 当前第1页 <a href="index.html">首页</a> <a href="index.html">上一页</a>
<a href="index.html">1</a> <a href="index_2.html">2</a> <a href="index_3.html">3</a>
<a href="index_2.html">下一页</a> <a href="index_3.html">尾页</a></div>
</body></html>"""


def test_plain_pager_links_are_pages_of_the_same_column():
    page = read(PLAIN_LIST, "http://www.jianghe.gov.cn/zwgk/tzgg/index.html")
    assert page.adapter == "plain"
    assert sorted(f.url for f in page.follow) == [
        "http://www.jianghe.gov.cn/zwgk/tzgg/index_2.html",
        "http://www.jianghe.gov.cn/zwgk/tzgg/index_3.html",
    ]
    assert [i.list_date for i in page.items] == [date(2026, 11, 17), date(2026, 11, 12), date(2026, 11, 5)]


def test_generic_table_list_and_month_day_dates():
    markup = """<html><body><table class="rs">
    <tr><td><a href="/zwgk/rsxx/202610/t20261015_3.html">江河市2026年公开招聘事业单位工作人员拟聘用人员公示</a></td><td>2026/10/15</td></tr>
    <tr><td><a href="/zwgk/rsxx/202609/t20260928_2.html">关于张某某等同志任职的通知</a></td><td>2026/09/28</td></tr>
    <tr><td><a href="/zwgk/rsxx/202512/t20251230_1.html">江河市2025年度公务员录用公示</a></td><td>12-30</td></tr>
    </table></body></html>"""
    page = read(markup, "http://www.jianghe.gov.cn/zwgk/rsxx/index.html")
    assert page.adapter == "generic"
    # a month-day without a year that would lie in the future belongs to last year
    assert [i.list_date for i in page.items] == [date(2026, 10, 15), date(2026, 9, 28), date(2025, 12, 30)]


def test_a_landing_page_with_several_blocks_is_not_a_column():
    blocks = "".join(
        f"<div class='block'><h3>{name}</h3><ul>"
        + "".join(f"<li><a href='/{name}/{i}.html'>{name}第{i}条信息标题</a><span>2026-11-1{i}</span></li>" for i in range(4))
        + f"</ul><a href='/{name}/'>更多</a></div>"
        for name in ("yw", "bm", "tz")
    )
    assert read(f"<html><body>{blocks}</body></html>", "http://www.jianghe.gov.cn/xwzx/index.html") is None


def test_an_empty_column_says_so():
    markup = """<html><body><div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; <a href="/zwgk/ghjh/">规划计划</a></div>
    <ul class="list"></ul><div class="no-data">暂无信息</div></body></html>"""
    page = read(markup, "http://www.jianghe.gov.cn/zwgk/ghjh/index.html")
    assert page.adapter == "empty" and page.items == []


def test_an_article_is_not_a_list():
    markup = """<html><body><h1>关于印发方案的通知</h1><p>发布时间：2026-11-02</p>
    <div class="TRS_Editor"><p>各单位：现将方案印发给你们，请认真贯彻落实。</p></div></body></html>"""
    assert read(markup, "http://www.jianghe.gov.cn/zwgk/202611/t20261102_1.html") is None
