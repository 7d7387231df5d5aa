"""Length budgets of the executive report's prose, in characters (items: list entries per list).

Both engines write to them, the LLM engine's validation enforces them and the eval scores them.
"""

BUDGETS = {"what_happened": 700, "impact_summary": 500, "root_cause": 600, "item": 240, "items": 8}



def fit(text: str, limit: int) -> str:
    """The text within limit characters: cut at a word, with an ellipsis, when it is longer."""
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


# What the drafting prompt is given of each offline fact (characters, list entries): a little above the budgets above.
FACTS = {"text": 800, "item": 300, "items": 8}
