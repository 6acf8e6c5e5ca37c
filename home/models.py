from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from core.blocks import BaseStreamBlock


class HomePage(Page):
    """A city's home page; its slug is the city's site key (shanghai, nantong)."""

    city_name = models.CharField("城市", max_length=50, help_text="例如：上海")
    intro = models.TextField("导语", blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="正文", blank=True)
    feature = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="首页推荐",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="编辑选定的一篇作品、活动、场馆或品牌，显示在首页搜索框下方。留空则不显示。",
    )
    feature_text = models.CharField(
        "推荐语", max_length=120, blank=True, help_text="一句话推荐理由；留空则用所选页面的简介。"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("city_name"),
        FieldPanel("intro"),
        MultiFieldPanel([PageChooserPanel("feature"), FieldPanel("feature_text")], heading="首页推荐"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "outreach.WorkIndexPage",
        "outreach.EventIndexPage",
        "outreach.VenueIndexPage",
        "outreach.BrandIndexPage",
        "outreach.TopicIndexPage",
        "outreach.RumourIndexPage",
        "outreach.EmergencyHubPage",
        "home.StandardPage",
    ]

    class Meta:
        verbose_name = "城市首页"
        verbose_name_plural = "城市首页"

    def route(self, request, path_components):
        """The page at the end of the path in one query (by slug, depth and url_path), where
        Wagtail walks the tree with two queries per level, then its specific page in one more,
        joined to what the page type names in `select_on_view` (its images, its district),
        which would otherwise be read one query each. Like Wagtail, only the page found
        must be live. A path with no page at that url_path (a page that routes its own
        sub-paths, or a 404) is walked the Wagtail way."""
        if path_components:
            found = (
                Page.objects.filter(
                    slug=path_components[-1],
                    depth=self.depth + len(path_components),
                    path__startswith=self.path,
                    url_path=self.url_path + "/".join(path_components) + "/",
                )
                .values_list("pk", "content_type_id")
                .first()
            )
            model = ContentType.objects.get_for_id(found[1]).model_class() if found else None
            page = None
            if model is not None:
                page = model.objects.select_related(*getattr(model, "select_on_view", ())).filter(pk=found[0]).first()
            if page is not None and type(page).route is Page.route:
                if not page.live:
                    raise Http404
                return RouteResult(page)
        return super().route(request, path_components)


class StandardPage(Page):
    """About pages, policies, guides: anything that is plain text and pictures."""

    intro = models.TextField("导语", blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="正文", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "普通页面"
        verbose_name_plural = "普通页面"


@register_setting(icon="warning")
class SiteSettings(BaseSiteSetting):
    """Per-city settings: the urgent notice banner (应急科普), contacts and footer."""

    NOTICE_LEVELS = [("info", "提示"), ("urgent", "紧急")]
    # The city's colour theme: html[data-theme] in site/static/css/kepu.css (section 2).
    THEMES = [("harbour", "海港蓝"), ("jade", "江海青"), ("vermilion", "朱砂红"), ("starlight", "星空紫")]
    THEME_COLOURS = {"harbour": "#0b5394", "jade": "#0d6b57", "vermilion": "#a32d24", "starlight": "#4c3a92"}

    notice_text = models.CharField(
        "通知内容",
        max_length=300,
        blank=True,
        help_text="填写后在每个页面顶部显示，例如台风、暴雨等应急科普提示。留空则不显示。",
    )
    notice_level = models.CharField("通知级别", max_length=10, choices=NOTICE_LEVELS, default="info")
    notice_url = models.URLField("详情链接", blank=True)
    notice_until = models.DateTimeField(
        "显示截止时间", null=True, blank=True, help_text="到期后横幅自动隐藏；留空则一直显示。"
    )
    contact_phone = models.CharField("咨询电话", max_length=50, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    contact_address = models.CharField("联系地址", max_length=200, blank=True)
    footer_text = models.TextField("页脚说明", blank=True)
    icp_record = models.CharField(
        "ICP备案号",
        max_length=50,
        blank=True,
        help_text="例如：沪ICP备12345678号-1；页脚链接到工业和信息化部备案系统。",
    )
    police_record = models.CharField(
        "公安备案号",
        max_length=50,
        blank=True,
        help_text="例如：沪公网安备31010402000001号；页脚链接到全国互联网安全管理服务平台。",
    )
    sponsor = models.CharField(
        "主办单位", max_length=100, blank=True, help_text="显示在页脚，例如：上海市科学技术委员会"
    )
    theme = models.CharField(
        "配色", max_length=20, choices=THEMES, default="harbour", help_text="本城市网站的主色调，与其他城市区分。"
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="隐私政策页",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="无障碍声明页",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="联系我们页",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("notice_text"),
                FieldPanel("notice_level"),
                FieldPanel("notice_url"),
                FieldPanel("notice_until"),
            ],
            heading="紧急通知横幅",
        ),
        MultiFieldPanel(
            [FieldPanel("contact_phone"), FieldPanel("contact_email"), FieldPanel("contact_address")],
            heading="联系方式",
        ),
        FieldPanel("theme"),
        MultiFieldPanel(
            [
                FieldPanel("sponsor"),
                FieldPanel("footer_text"),
                FieldPanel("icp_record"),
                FieldPanel("police_record"),
                PageChooserPanel("privacy_page"),
                PageChooserPanel("accessibility_page"),
                PageChooserPanel("contact_page"),
            ],
            heading="页脚与备案",
        ),
    ]

    @property
    def theme_colour(self):
        return self.THEME_COLOURS.get(self.theme, self.THEME_COLOURS["harbour"])

    @property
    def police_record_code(self):
        """The digits of the 公安备案号, for the link to its record on beian.mps.gov.cn."""
        return "".join(c for c in self.police_record if c.isdigit())

    @property
    def notice_is_active(self):
        if not self.notice_text.strip():
            return False
        return self.notice_until is None or self.notice_until > timezone.now()

    class Meta:
        verbose_name = "站点设置"
