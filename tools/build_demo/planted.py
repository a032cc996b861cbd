"""The planted problems: clean articles turned into the typos, wrong expressions, hidden links,
dead images and missing attachments the auditors must find, and the controls they must not flag.

Each one is recorded in `b.planted` (or `b.controls`) as it is planted, so expected.json names
exactly what was put on the site.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tools.build_demo import articles
from tools.build_demo import content as C
from tools.build_demo.model import CENTER, EXT, MONGOLIAN_LINE, Article, esc, p
from tools.build_demo.state import Build


def plant_problems(b: Build) -> None:
    """Turn a few clean articles into the problems the auditors must find (and controls)."""
    news = b.columns["zwyw"].articles
    rng = b.rng

    def pick(pool: list[Article], condition: Any = None) -> Article:
        free = [a for a in pool if not a.kind.startswith("planted")
                and (condition is None or condition(a))]
        chosen = rng.choice(free)
        chosen.kind = "planted:" + chosen.kind
        return chosen

    # the late news item: the event is 10月29日, online 2026-11-06
    late = pick(news, lambda a: a.day == date(2026, 11, 6))
    late.title = "全市重点项目建设“百日攻坚”行动推进会召开"
    late.event, late.event_phrase = date(2026, 10, 29), "10月29日上午"
    late.body = [p("10月29日上午，全市重点项目建设“百日攻坚”行动推进会召开，"
                   f"副市长{C.VICE_MAYORS[0]}出席会议并讲话。")] + [
        p(x) for x in C.MEETING_POINTS[2:5]]
    b.late_news = late

    mongolian = pick(news, lambda a: date(2026, 9, 1) <= a.day <= date(2026, 9, 30))
    mongolian.title = "正镶白旗代表团来我市考察交流对口协作工作"
    when, event = articles.lead_when(b, mongolian.published, allow_vague=False)
    mongolian.event, mongolian.event_phrase = event, when
    mongolian.body = [
        p(f"{when}，内蒙古自治区锡林郭勒盟正镶白旗代表团来我市考察交流对口协作工作，"
          f"市长{C.MAYOR}会见代表团一行。"),
        p("座谈会上，双方围绕产业协作、消费帮扶、人才交流等方面深入交换意见。"
          "正镶白旗代表团向我市赠送了以蒙汉两种文字书写的纪念牌匾，蒙古文为："),
        f'<p style="{CENTER}">{MONGOLIAN_LINE}</p>',
        p("双方表示，将以此次考察交流为契机，进一步拓宽合作领域，推动对口协作工作走深走实。"),
    ]
    b.controls.append({"kind": "mongolian_script", "path": "", "article": mongolian,
                       "text": MONGOLIAN_LINE,
                       "note": "蒙古文（U+1800–U+18AF）在内蒙古相关页面中合法使用，"
                                  "不应报告"})

    script = pick(news, lambda a: a.day >= date(2026, 10, 9) and a.kind == "meeting")
    script.title = "全市政务公开业务培训会召开"
    when, event = articles.lead_when(b, script.published, allow_vague=False)
    script.event, script.event_phrase = event, when
    mixed = "進一步做好政府資訊公開工作"
    script.body = [
        p(f"{when}，全市政务公开业务培训会召开，各县（区）、市直各部门政务公开工作人员"
          "参加培训。"),
        p(f"会议要求，各县（区）、各部门要以此次培训为契机，{mixed}，"
          "不断提升政务公开标准化规范化水平。"),
    ] + [p(x) for x in C.GOV_OPEN_PARAGRAPHS[:3]]
    _planted_text(b, "script_mix", "script_mix.traditional", script, mixed,
                       "进一步做好政府信息公开工作", traditional="進資訊開")

    health = pick(news, lambda a: a.kind == "inspection")
    health.title = f"{C.MAYOR}调研基层医疗卫生服务能力建设工作"
    when, event = articles.lead_when(b, health.published, allow_vague=False)
    health.event, health.event_phrase = event, when
    wrong = "国家卫生计生委"
    health.body = [
        p(f"{when}，市长{C.MAYOR}到青山县调研基层医疗卫生服务能力建设工作。"),
        p(f"{C.MAYOR}要求，要认真落实{wrong}关于加强基层医疗卫生服务能力建设的部署要求，"
          "加快补齐基层医疗卫生服务短板，让群众在家门口就能看得上病、看得好病。"),
        p(C.INSPECTION_POINTS[0].format(who=C.MAYOR)),
    ]
    _planted_text(b, "wrong_expression", "expression.outdated_institution", health, wrong,
                       "国家卫生健康委员会")

    meeting = pick(news, lambda a: a.kind == "meeting" and "常务会议" in a.title)
    meeting.body.insert(-1, p("会议还对今冬明春森林防火工作进行了专题布署。"))
    _planted_text(b, "typo", "typo.confusion", meeting, "布署", "部署")

    doubled = pick(news, lambda a: a.kind in ("meeting", "inspection"))
    doubled.body.append(p("要把各项惠民政策落实到位，切实增强人民群众的的获得感、幸福感、安全感。"))
    _planted_text(b, "typo", "typo.duplicate", doubled, "的的", "的")

    image = pick(news, lambda a: a.kind == "event")
    dead = f"./W0{image.day:%Y%m%d}507135498230.jpg"
    image.body.insert(1, f'<p style="{CENTER}"><img src="{dead}" alt="{esc(image.title)}">'
                      "</p>")
    b.dead_image = image

    dept = b.columns["bmdt"].articles
    farming = pick(dept)
    farming.title = "市农业农村局召开全市秋冬种生产工作推进会"
    when, event = articles.lead_when(b, farming.published, allow_vague=False)
    farming.event, farming.event_phrase = event, when
    farming.source = "江河市农业农村局"
    farming.body = [
        p(f"{when}，市农业农村局召开全市秋冬种生产工作推进会。"),
        p("会议要求，各县（区）要认真贯切落实全市秋冬种生产工作会议精神，"
          "抓好冬种作物播种和田间管理，确保完成全年粮食生产目标任务。"),
        p(C.WORK_PARAGRAPHS[1].format(subject="市农业农村局", topic="秋冬种生产")),
    ]
    _planted_text(b, "typo", "typo.confusion", farming, "贯切落实", "贯彻落实")

    taiwan = pick(dept)
    taiwan.title = "我市举办两岸青年乡村振兴交流活动"
    when, event = articles.lead_when(b, taiwan.published, allow_vague=False)
    taiwan.event, taiwan.event_phrase = event, when
    taiwan.source = "江河市人民政府台湾事务办公室"
    taiwan.body = [
        p(f"{when}，我市举办两岸青年乡村振兴交流活动，来自海峡两岸的40余名青年代表参加。"),
        p("交流会上，台湾青年代表介绍了台湾政府推动休闲农业发展的有关做法，"
          "与会青年围绕乡村旅游、农产品电商等话题深入交流。"),
        p("活动期间，两岸青年还走进白沙县金桔种植基地，体验采摘和直播带货。"),
    ]
    _planted_text(b, "wrong_expression", "expression.banned_usage", taiwan, "台湾政府",
                       "台湾当局")

    sports = b.columns["tpxw"].articles[0]
    sports.kind = "planted:" + sports.kind
    sports.body.append(p(f"副市长{C.VICE_MAYORS[1]}希望全体运动员发扬顽强拼搏精神，"
                         "再接再励，赛出风格、赛出水平。"))
    _planted_text(b, "typo", "typo.confusion", sports, "再接再励", "再接再厉")

    notices = {a.title: a for a in b.columns["tzgg"].articles}
    holiday = notices["关于2027年元旦放假的通知"]
    holiday.body.insert(3, p("各单位要提前按排好节日期间值班人员，并将值班表于12月25日前"
                             "报市人民政府办公室。"))
    _planted_text(b, "typo", "typo.confusion", holiday, "按排", "安排")

    yearly = notices["关于2026年度个体工商户年度报告公示工作的通知"]
    yearly.source = "江河市市场监督管理局"
    yearly.body.insert(2, p("根据国家工商行政管理总局关于个体工商户年度报告公示的有关规定，"
                            "个体工商户应当于每年1月1日至6月30日报送上一年度年度报告。"))
    _planted_text(b, "wrong_expression", "expression.outdated_institution", yearly,
                       "国家工商行政管理总局", "国家市场监督管理总局")

    hacked = notices["关于2026年端午节放假的通知"]
    hacked.body.append(f'<div style="display:none"><a href="{EXT}/bc/">线上博彩 澳门赌场 '
                       "官方网站</a></div>")
    b.hacked = hacked

    contest = notices["关于举办2026年江河市职业技能大赛的通知"]
    b.missing_attachment = contest

    policies = b.columns["zcwj"].articles
    digital = next(a for a in policies if a.subject == "江河市数字政府建设实施方案")
    fixed = "习近平新时代中国特色社会主意思想"
    digital.body = articles.policy_body(
        digital.subject, digital.metadata.publisher, digital.metadata.formed,
        digital.metadata.published,
        first_section=f"一、总体要求。坚持以{fixed}为指导，全面贯彻党的二十大精神，"
                      "以数字化改革助力政府职能转变，推动政务服务更加便捷高效。")
    digital.kind = "planted:fixed"
    _planted_text(b, "typo", "typo.fixed_expression", digital, fixed,
                       "习近平新时代中国特色社会主义思想")

    business = next((a for a in b.columns["zcjd"].articles
                     if "优化营商环境" in a.subject), b.columns["zcjd"].articles[0])
    history = ("2016年，我市被原国家工商行政管理总局确定为全国商标品牌战略实施示范城市，"
               "为持续优化营商环境打下了良好基础。")
    business.body.insert(2, p(history))
    b.controls.append({"kind": "historical_institution", "path": "", "article": business,
                       "text": "原国家工商行政管理总局",
                       "note": "冠以“原”字的历史表述，不是过时机构名称的误用，不应报告"})


def _planted_text(b: Build, category: str, rule: str, article: Article, text: str,
                  suggestion: str, **extra: str) -> None:
    b.planted.append({"category": category, "rule": rule, "article": article,
                      "text": text, "suggestion": suggestion, **extra})


def plant_link(b: Build, category: str, rule: str, path: str, link: str, text: str,
               status: str) -> None:
    b.planted.append({"category": category, "rule": rule, "path": path, "text": text,
                      "link": link, "status": status})


def finish_planted(b: Build) -> None:
    for entry in b.planted + b.controls:
        article = entry.pop("article", None)
        if article is not None:
            entry["path"] = article.path
    plant_link(b, "broken_link", "links.img", b.dead_image.path,
                    f"{b.dead_image.folder}W0{b.dead_image.day:%Y%m%d}507135498230.jpg",
                    b.dead_image.title, "404")
    contest = b.missing_attachment
    missing = next(a for a in contest.attachments if a.missing)
    plant_link(b, "broken_link", "links.attachment", contest.path,
                    contest.folder + missing.name, missing.label, "404")
    b.planted.append({"category": "sensitive", "rule": "sensitive.gambling",
                      "path": b.hacked.path, "text": "线上博彩",
                      "link": f"{EXT}/bc/", "suggestion": "删除",
                      "note": "页面被植入的隐藏暗链（display:none）："
                                 "线上博彩 澳门赌场 官方网站"})
    for column in b.columns.values():
        if column.expect_stale:
            b.planted.append({"category": "stale_column",
                              "rule": f"freshness.{column.expected_class}",
                              "path": column.path, "text": None,
                              "note": f"最新信息{column.articles[0].day.isoformat()}"})
        if column.expect_empty:
            b.planted.append({"category": "empty_column", "rule": "freshness.empty",
                              "path": column.path, "text": None})
    for entry in b.late:
        b.planted.append({"category": "late_publication", "rule": entry["rule"],
                          "path": entry["path"], "text": entry.get("text"),
                          "formed": entry["formed"], "published": entry["published"]})
