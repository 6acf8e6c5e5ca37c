"""The three token columns every search store keeps (title, keywords, body), their weights
and the past-event factor: one definition for the SQL stores (stores/sql.py) and the cluster
store (stores/opensearch.py), so all rank alike."""

from .analysis import index_tokens, pinyin_tokens

COLUMNS = ("title", "keywords", "body")
# Relative weight of a match in the title, in names and terms, and in the body.
WEIGHTS = {"title": 10.0, "keywords": 4.0, "body": 1.0}
# A result whose date has passed (a past event) keeps this share of its score.
PAST_FACTOR = 0.3


# Titles and names are also found by their pinyin and initials (pinyin.py); bodies are not.
PINYIN_COLUMNS = ("title",)


def column_tokens(columns):
    """{column: its analysed tokens} for a document's {column: [texts]}."""
    tokens = {}
    for name in COLUMNS:
        text = "\n".join(columns.get(name, []))
        tokens[name] = index_tokens(text) + (pinyin_tokens(text) if name in PINYIN_COLUMNS else [])
    return tokens
