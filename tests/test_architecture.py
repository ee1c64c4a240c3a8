"""The layout's import rules hold for the whole tree, and a new import that breaks one fails
with a message that names it (rules: tests/architecture.py, docs/adr/0007-layout.md)."""

import pytest

from tests.architecture import tree_sources, violations


@pytest.fixture(scope="module")
def tree() -> dict[str, str]:
    return tree_sources()


def test_the_tree_keeps_every_import_rule(tree):
    problems = violations(tree)
    assert not problems, "\n".join(problems)


def with_line(tree: dict[str, str], module: str, line: str) -> dict[str, str]:
    assert module in tree, module
    return {**tree, module: tree[module] + "\n" + line + "\n"}


@pytest.mark.parametrize(
    ("module", "line", "named"),
    [
        # the ground importing a floor above it, also lazily inside a function
        (
            "trygg.core.policies",
            "def later():\n    from trygg.audit.services import record_refusal",
            "trygg.core may import only packages below it (nothing)",
        ),
        (
            "trygg.audit.services",
            "from trygg.accounts.models import User",
            "trygg.audit may import only packages below it (core)",
        ),
        (
            "trygg.core.fields",
            "if TYPE_CHECKING:\n    from trygg.fund.models import Call",
            "trygg.core may import only packages below it",
        ),
        # infrastructure knowing a module
        (
            "trygg.accounts.services",
            "from trygg.defectors.models import Case",
            "trygg.accounts may import only packages below it",
        ),
        # a module importing the API, or the log review
        ("trygg.fund.tasks", "import trygg.api.api", "trygg.fund may import only packages below"),
        (
            "trygg.defectors.journal.services",
            "from trygg.logreview.review import in_days",
            "trygg.defectors may import only packages below",
        ),
        # the two top packages importing each other
        ("trygg.api.api", "from trygg.demo import apps", "trygg.api may import only packages"),
        # a module importing another module's internals (in a direction that is otherwise
        # allowed: the fund knows the prevention plan, which knows the defector programme)
        (
            "trygg.fund.attachments.services",
            "from trygg.defectors.documents.views import document_download_view",
            "never its internals",
        ),
        (
            "trygg.prevention.plan.services",
            "from trygg.defectors.models import Case",
            "never its internals",
        ),
    ],
)
def test_a_forbidden_import_fails_and_is_named(tree, module, line, named):
    problems = violations(with_line(tree, module, line))
    assert len(problems) == 1, problems
    assert module in problems[0]
    assert named in problems[0]


def test_a_cycle_between_two_modules_fails_even_through_their_public_services(tree):
    tree = with_line(
        tree, "trygg.fund.reports.services", "from trygg.defectors.constants import Agency"
    )
    assert violations(tree) == []  # one direction is allowed
    tree = with_line(tree, "trygg.defectors.plan.services", "from trygg.fund.selectors import x")
    problems = violations(tree)
    assert len(problems) == 1, problems
    assert "import cycle between modules defectors, fund" in problems[0]
    assert "trygg.fund.reports.services (line" in problems[0]


def test_a_cycle_between_two_parts_of_a_package_fails(tree):
    """The case overview uses the status part; the status part may not use the overview."""
    problems = violations(
        with_line(
            tree, "trygg.defectors.status.views", "from trygg.defectors.overview import views"
        )
    )
    assert len(problems) == 1, problems
    assert "parts of a package trygg.defectors.overview, trygg.defectors.status" in problems[0]


def test_a_package_outside_the_layers_is_refused(tree):
    tree = {**tree, "trygg.newthing.models": "from trygg.fund import selectors"}
    with pytest.raises(KeyError, match=r"trygg\.newthing is in no layer"):
        violations(tree)
