"""StreamField blocks. One BaseStreamBlock serves every body on the site."""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="标题文字", max_length=120)
    level = blocks.ChoiceBlock(label="级别", choices=[("h2", "二级标题"), ("h3", "三级标题")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = "小标题"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="引文")
    attribution = blocks.CharBlock(label="出处", required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = "引文"


class FactBlock(blocks.StructBlock):
    """A short, checkable scientific fact with its source: what a reviewer verifies."""

    fact = blocks.TextBlock(label="知识点")
    source = blocks.CharBlock(label="依据/来源", required=False, max_length=300)

    class Meta:
        icon = "help"
        template = "blocks/fact.html"
        label = "科学小知识"


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="链接文字", max_length=200)
    page = blocks.PageChooserBlock(label="站内页面", required=False)
    url = blocks.URLBlock(label="外部网址", required=False)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": blocks.BlockValidationError("请选择站内页面或填写外部网址。")}
            )
        return value

    class Meta:
        icon = "link"
        template = "blocks/link.html"
        label = "链接"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label="段落", features=["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]
    )
    image = ImageBlock(label="图片", template="blocks/image.html")
    quote = QuoteBlock()
    fact = FactBlock()
    link = LinkBlock()
    table = TableBlock(label="表格")

    class Meta:
        block_counts = {}
