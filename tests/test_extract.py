"""Detail-page extraction on markup copied from the CMS families in page-structures.md."""

from datetime import date

from lxml import html

from govpatrol.crawler.extract import extract_page

GOV_CN_STYLE = """
<html><head><meta charset="utf-8">
<meta name="SiteName" content="江河市人民政府"><meta name="SiteIDCode" content="4501000012">
<meta name="ColumnName" content="政策文件">
<title>江河市人民政府办公室关于印发江河市优化营商环境若干措施的通知_政策文件_江河市人民政府</title>
</head><body>
<div class="header"><div class="nav"><ul><li><a href="/">首页</a></li>
<li><a href="/zwgk/index.html">政务公开</a></li></ul></div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt;
<a href="/col/col1001/index.html">政策文件</a></div>
<table class="bd1" cellpadding="0" cellspacing="1">
<tr><td><b>索 引 号：</b></td><td>114501000012345678/2026-00123</td>
    <td><b>主题分类：</b></td><td>综合政务\\通知</td></tr>
<tr><td><b>发文机关：</b></td><td>江河市人民政府办公室</td>
    <td><b>成文日期：</b></td><td>2026年09月01日</td></tr>
<tr><td><b>标　　题：</b></td><td colspan="3">江河市人民政府办公室关于印发江河市优化营商环境若干措施的通知</td></tr>
<tr><td><b>发文字号：</b></td><td>江政办发〔2026〕15号</td>
    <td><b>发布日期：</b></td><td>2026-10-20</td></tr>
</table>
<div id="UCAP-CONTENT"><p>各县（区）人民政府，市直各单位：</p>
<p>《江河市优化营商环境若干措施》已经市人民政府同意，现印发给你们，请认真贯彻执行。</p>
<p>附件：<a href="/attach/P020261020.pdf">江河市优化营商环境若干措施.pdf</a></p>
<img src="/images/seal.png" alt="印章"></div>
<div class="footer"><a href="/lxwm.html">联系我们</a> 政府网站标识码4501000012 桂ICP备12003456号-1</div>
</body></html>
"""


def extract(markup: str, url: str = "http://www.jianghe.gov.cn/art/2026/10/20/art_1001_5001.html"):
    return extract_page(html.fromstring(markup), url)


def test_metadata_table_with_padded_labels():
    page = extract(GOV_CN_STYLE)
    assert page.metadata == {
        "index_number": "114501000012345678/2026-00123",
        "topic": "综合政务\\通知",
        "publisher": "江河市人民政府办公室",
        "formed": "2026-09-01",
        "title": "江河市人民政府办公室关于印发江河市优化营商环境若干措施的通知",
        "doc_number": "江政办发〔2026〕15号",
        "published": "2026-10-20",
    }
    assert page.published == date(2026, 10, 20)
    assert page.title == "江河市人民政府办公室关于印发江河市优化营商环境若干措施的通知"


def test_main_text_leaves_out_navigation_and_footer():
    page = extract(GOV_CN_STYLE)
    assert "现印发给你们，请认真贯彻执行。" in page.text
    assert "政务公开" not in page.text
    assert "政府网站标识码" not in page.text
    assert page.breadcrumb == ["首页", "政府信息公开", "政策文件"]


def test_every_link_image_and_attachment_with_its_anchor():
    page = extract(GOV_CN_STYLE)
    by_url = {link.url: link for link in page.links}
    attachment = by_url["http://www.jianghe.gov.cn/attach/P020261020.pdf"]
    assert (attachment.kind, attachment.anchor) == ("attachment", "江河市优化营商环境若干措施.pdf")
    assert by_url["http://www.jianghe.gov.cn/images/seal.png"].kind == "img"
    assert by_url["http://www.jianghe.gov.cn/lxwm.html"].anchor == "联系我们"


def test_trs_article_date_line_and_body():
    page = extract("""<html><head><title>市政府召开常务会议</title></head><body>
    <div class="nav"><a href="/">首页</a></div>
    <h1>市政府召开第45次常务会议</h1>
    <div class="info"><span>发布时间：2026-11-18 09:30</span> <span>来源：江河市人民政府办公室</span></div>
    <div class="TRS_Editor"><p>11月18日上午，市长主持召开市政府第45次常务会议，研究部署冬季安全生产工作。</p></div>
    <a href="javascript:window.print()">打印</a><a href="mailto:a@b.gov.cn">邮箱</a>
    </body></html>""", "http://www.jianghe.gov.cn/xwzx/zwyw/202611/t20261118_100123.html")
    assert page.title == "市政府召开第45次常务会议"
    assert page.published == date(2026, 11, 18)
    assert page.text.startswith("11月18日上午")
    assert all(not link.url.startswith(("javascript", "mailto")) for link in page.links)


def test_pub_date_meta_is_used_when_the_page_shows_no_date():
    page = extract("""<html><head><meta name="PubDate" content="2026-11-02 10:00">
    <meta name="ArticleTitle" content="关于做好冬季供暖工作的通知"></head>
    <body><div class="content"><p>正文内容正文内容正文内容。</p></div></body></html>""")
    assert page.published == date(2026, 11, 2)
    assert page.title == "关于做好冬季供暖工作的通知"


def test_the_visible_date_wins_over_a_regenerated_pub_date_meta():
    """Issue 17 item 8: some platforms set PubDate to the time they regenerated the page."""
    page = extract("""<html><head><meta name="PubDate" content="2022-06-30 18:12">
    <meta name="ArticleTitle" content="关于做好冬季供暖工作的通知"></head>
    <body><p>发布日期：2017年11月3日</p><div class="content"><p>正文内容正文内容正文内容。</p></div>
    </body></html>""")
    assert page.published == date(2017, 11, 3)


def test_the_metadata_table_wins_over_pub_date_meta():
    page = extract("""<html><head><meta name="PubDate" content="2022-06-30 18:12"></head><body>
    <table class="bd1"><tr><td>索 引 号：</td><td>000014349/2017-00110</td>
    <td>发布日期：</td><td>2017年11月06日</td></tr><tr><td>成文日期：</td><td>2017年11月01日</td></tr>
    </table><div id="UCAP-CONTENT"><p>各市、县人民政府，省政府各部门：现将有关事项通知如下。</p></div>
    </body></html>""", "http://www.gov.cn/zhengce/content/2017-11/06/content_5237.htm")
    assert page.published == date(2017, 11, 6)


def test_a_date_path_in_the_url_is_the_last_evidence():
    body = "<html><body><div class='content'><p>正文内容正文内容正文内容。</p></div></body></html>"
    assert extract(body, "http://www.news.cn/politics/2023-12/01/c_1130001.htm").published \
        == date(2023, 12, 1)
    assert extract(body, "http://www.jianghe.gov.cn/xxgk/202305/t20230515_123.html").published \
        == date(2023, 5, 15)


def test_broken_html_still_gives_text_and_date():
    page = extract("""<html><body><div class="content"><span><p>日期：2026年11月5日</span>
    <p>关于开展安全生产大检查的通知<td></td></div></div></div><!-- unterminated""")
    assert page.published == date(2026, 11, 5)
    assert "关于开展安全生产大检查的通知" in page.text


def test_thousands_of_nested_unclosed_tags_keep_their_text():
    """A hostile or broken page nests 2,000 tags deep (a recursive walk died of RecursionError):
    the text is still extracted, nothing lost."""
    from parsel import Selector

    from govpatrol.crawler.extract.text import visible_text

    html = "<html><body>" + "<div><span>" * 1000 + "深层正文" + "</span></div>" * 10 + "结尾</body></html>"
    text = visible_text(Selector(text=html).root)
    assert "深层正文" in text and "结尾" in text


def test_footer_headings_and_accessibility_toolbars_stay_out_of_title_and_text():
    """A plain template without a known body container (TRS cmse-like): 友情链接 in the footer is
    not the title, the 无障碍 toolbar and the menu are not text."""
    page = extract("""<html><head><title>江河县召开安全生产会议_江河县人民政府</title></head><body>
    <div class="wza-toolbar"><a href="#">无障碍</a> <a href="#">长辈版</a> <a href="#">繁體</a></div>
    <div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>
    <div class="main"><div class="detail"><p>11月18日，江河县召开安全生产工作会议，部署冬季安全工作。</p></div></div>
    <div class="footer"><h2>友情链接</h2><ul><li><a href="http://www.gov.cn/">中国政府网</a></li></ul></div>
    </body></html>""")
    assert page.title == "江河县召开安全生产会议"
    assert page.text.startswith("11月18日，江河县召开安全生产工作会议")
    assert "无障碍" not in page.text and "长辈版" not in page.text and "政务公开" not in page.text
