"""Each demo city's privacy policy, accessibility statement and contact page (StandardPages
linked from the footer through 站点设置), in Chinese and English, and its footer records.

The privacy policy says what the site really collects: event registration (name, mobile
number, an optional ID number stored encrypted and deleted 30 days after the session) and
digest subscriptions (an email address, deleted on unsubscribing). The record numbers are
demo values in the official formats; a real site enters its own in 站点设置.
"""

# city key: (sponsor, ICP record, public-security record, contact email)
RECORDS = {
    "shanghai": ("上海市科学技术委员会", "沪ICP备20012345号-1", "沪公网安备31010402001234号", "kepu@sh.example.cn"),
    "nantong": ("南通市科学技术协会", "苏ICP备20054321号-1", "苏公网安备32060202000123号", "kepu@nt.example.cn"),
}

SLUGS = ("privacy", "accessibility", "contact")


def _p(*lines):
    return [{"type": "paragraph", "value": "".join(f"<p>{line}</p>" for line in lines)}]


def _h(text):
    return [{"type": "heading", "value": {"text": text, "level": "h2"}}]


def _ul(*items):
    return [{"type": "paragraph", "value": "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"}]


def chinese(city_name, site_title, phone, address, email):
    """{slug: (title, intro, body)} in Chinese."""
    privacy = (
        _h("我们收集哪些信息")
        + _p(
            f"{site_title}（以下简称“本站”）浏览无需注册。"
            "只有在您报名活动或订阅资讯时，我们才收集完成这项服务所必需的最少信息："
        )
        + _ul(
            "<b>活动报名</b>：姓名、手机号码；场次要求实名入场时，另需身份证件号码（选填）。"
            "身份证件号码加密存储，页面和工作人员界面只显示遮盖后的号码，活动场次结束 30 天后自动删除。",
            "<b>资讯订阅</b>：电子邮箱地址，仅用于发送您选择的活动和作品摘要。退订后立即删除。",
            "<b>长者模式与语言</b>：保存在您浏览器的 Cookie 中（kepu_elder），不含个人信息，有效期一年。",
        )
        + _h("我们如何使用和保护信息")
        + _p(
            "报名信息只提供给举办该场活动的场馆工作人员用于签到和必要的变更通知，不用于营销，不向第三方出售或提供。",
            "查看完整身份证件号码的每一次操作都记入审计日志。本站所有页面不加载任何境外或第三方资源，"
            "不使用第三方统计、广告或社交插件。",
        )
        + _h("您的权利")
        + _p(
            "依据《中华人民共和国个人信息保护法》，您可以查阅、更正、删除您的报名和订阅信息，或撤回同意。"
            "取消报名或退订即可删除相应信息；其他请求请通过“联系我们”页面的方式提出，我们将在 15 个工作日内答复。"
        )
    )
    accessibility = (
        _h("我们的承诺")
        + _p(
            "本站参照《信息技术 互联网内容无障碍可访问性技术要求与测试方法》（GB/T 37668-2019）"
            "和 WCAG 2.1 AA 级设计与测试，让老年人、视障人士和所有市民都能方便地使用。"
        )
        + _h("可以使用的功能")
        + _ul(
            "长者模式：页面顶部“长者模式”按钮放大字号、加强对比、加宽间距，选择保存一年。",
            "不开启 JavaScript 也能搜索、筛选和浏览全部内容。",
            "每张图片都有替代文字，页面可全程用键盘操作，并提供“跳到正文”链接。",
            "手机、平板和电脑上布局自动适配，无需左右滑动。",
        )
        + _h("已知问题与反馈")
        + _p(
            "场馆地图为辅助信息，地图中的每个场馆都在下方列表中列出。"
            f"如遇到无法使用的内容，请拨打 {phone} 或发送邮件至 {email}，我们将在 5 个工作日内答复并提供所需信息。"
        )
    )
    contact = (
        _h("咨询与反馈")
        + _ul(
            f"电话：{phone}（工作日 9:00–17:00）",
            f"电子邮箱：{email}",
            f"地址：{address}",
        )
        + _p(
            "活动报名、场次变更请直接联系举办场馆（电话见各场馆页面）；"
            "内容纠错、科普作品推荐和场馆信息更新请发送邮件，并注明页面标题。"
        )
    )
    return {
        "privacy": ("隐私政策", f"{site_title}如何收集、使用和保护您的个人信息。", privacy),
        "accessibility": ("无障碍声明", f"{site_title}为老年人和残障人士提供的无障碍功能。", accessibility),
        "contact": ("联系我们", f"{city_name}科普工作的咨询、反馈与纠错渠道。", contact),
    }


def english(city_name, site_title, phone, address, email):
    """{slug: (title, intro, body)} in English."""
    privacy = (
        _h("What we collect")
        + _p(
            f"You can read {site_title} without an account. We collect personal data only when you register "
            "for an event or subscribe to a digest, and only what that service needs:"
        )
        + _ul(
            "<b>Event registration</b>: your name and mobile number; where a session requires real-name entry, "
            "an ID number (optional). ID numbers are stored encrypted, shown masked to staff, and deleted "
            "automatically 30 days after the session.",
            "<b>Digest subscriptions</b>: your email address, used only to send the digest you chose. It is deleted "
            "as soon as you unsubscribe.",
            "<b>Elder mode</b>: a cookie in your browser (kepu_elder) with no personal data, kept for a year.",
        )
        + _h("How we use and protect it")
        + _p(
            "Registrations go only to the staff of the venue holding the session, for check-in and notice of "
            "changes. They are never used for marketing, sold or given to third parties.",
            "Every view of a full ID number is recorded in an audit log. No page of this site loads anything from "
            "another site: no third-party analytics, advertising or social plugins.",
        )
        + _h("Your rights")
        + _p(
            "Under China's Personal Information Protection Law you may see, correct or delete your registrations "
            "and subscriptions, or withdraw consent. Cancelling a registration or unsubscribing deletes the data; "
            "for anything else, use the contact page and we will answer within 15 working days."
        )
    )
    accessibility = (
        _h("Our commitment")
        + _p(
            "This site is designed and tested against GB/T 37668-2019 and WCAG 2.1 level AA, so that older people, "
            "people with visual impairments and every resident can use it."
        )
        + _h("What you can use")
        + _ul(
            "Elder mode: the button at the top enlarges text, raises contrast and widens spacing (kept a year).",
            "Search, filters and every page work without JavaScript.",
            "Every image has a text alternative; every page works with a keyboard and has a skip link.",
            "Layouts fit phones, tablets and computers without sideways scrolling.",
        )
        + _h("Known issues and feedback")
        + _p(
            "Venue maps are an aid: every venue on a map is also in the list below it. "
            f"If something does not work for you, call {phone} or email {email}; we answer within 5 working days."
        )
    )
    contact = (
        _h("Questions and feedback")
        + _ul(f"Telephone: {phone} (working days 9:00–17:00)", f"Email: {email}", f"Address: {address}")
        + _p(
            "For registrations and session changes, contact the venue holding the event (its telephone number is "
            "on its page). For corrections, recommendations and venue updates, email us with the page's title."
        )
    )
    intros = {
        "privacy": f"How {site_title} collects, uses and protects your personal data.",
        "accessibility": f"What {site_title} offers older and disabled people.",
        "contact": f"Questions, feedback and corrections about science outreach in {city_name}.",
    }
    return {
        "privacy": ("Privacy policy", intros["privacy"], privacy),
        "accessibility": ("Accessibility statement", intros["accessibility"], accessibility),
        "contact": ("Contact us", intros["contact"], contact),
    }
