"""No module imports another that imports it back, directly or round a loop, and no app
imports one that imports it back (the contracts of `lint-imports`, pyproject.toml, say which
way the apps stand). The graph is grimp's, the one import-linter reads: imports inside
functions count, so a circle cannot hide by deferring its import."""

import grimp
import pytest

PACKAGES = ("accounts", "config", "core", "home", "outreach", "search", "subscriptions")


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*PACKAGES)


def test_no_module_imports_one_that_imports_it_back(graph):
    loops = []
    for circle in strongly_connected(graph):
        start = circle[0]
        step = next(module for module in sorted(graph.find_modules_directly_imported_by(start)) if module in circle)
        loops.append(" -> ".join([start, *graph.find_shortest_chain(importer=step, imported=start)]))
    assert loops == [], "import circles:\n" + "\n".join(loops)


def test_no_app_imports_one_that_imports_it_back(graph):
    both_ways = [
        (first, second)
        for first in PACKAGES
        for second in PACKAGES
        if first < second
        and graph.chain_exists(importer=first, imported=second, as_packages=True)
        and graph.chain_exists(importer=second, imported=first, as_packages=True)
    ]
    assert both_ways == []


def strongly_connected(graph):
    """The graph's import circles: each set of two or more modules that all reach each other,
    as a sorted list (Tarjan's algorithm, without recursion)."""
    index, low, on_stack, stack, circles = {}, {}, set(), [], []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, imported = work[-1]
            following = next(imported, None)
            if following is not None:
                if following not in index:
                    index[following] = low[following] = len(index)
                    stack.append(following)
                    on_stack.add(following)
                    work.append((following, iter(sorted(graph.find_modules_directly_imported_by(following)))))
                elif following in on_stack:
                    low[module] = min(low[module], index[following])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                circle = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    circle.append(member)
                    if member == module:
                        break
                if len(circle) > 1:
                    circles.append(sorted(circle))
    return circles
