"""Author-year labels for the References page ("Vaswani et al., 2017"), to match the author-year
citations in the text (bibtex_reference_style = author_year). pybtex ships only numeric and
alpha labels."""

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle


def author_year(entry) -> str:
    people = entry.persons.get("author", [])
    last = [" ".join(str(n) for n in p.rich_last_names) for p in people]
    names = (
        last[0]
        if len(last) == 1
        else f"{last[0]} and {last[1]}"
        if len(last) == 2
        else f"{last[0]} et al."
    )
    return f"{names}, {entry.fields.get('year', 'n.d.')}"


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield author_year(entry)


class AuthorYearStyle(UnsrtStyle):
    default_label_style = AuthorYearLabels
    default_sorting_style = "author_year_title"


register_plugin("pybtex.style.formatting", "author_year", AuthorYearStyle)


def setup(app):
    return {"parallel_read_safe": True}
