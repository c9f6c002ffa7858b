"""eBay category trees (FORMATS.md §3): Taxonomy API JSON and Trading API GetCategories CSV."""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import dataclass
from pathlib import Path

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.input_limits import MAX_CATEGORY_BYTES, check_input_file

PATH_SEPARATOR = " > "
MAX_DEPTH = 12
_CSV_COLUMNS = ("categoryid", "categoryname", "categorylevel", "categoryparentid", "leafcategory")


@dataclass(frozen=True)
class Category:
    category_id: str
    name: str
    parent_id: str | None
    level: int
    is_leaf: bool
    full_path: str


@dataclass(frozen=True)
class CategoryTree:
    version: str | None
    categories: list[Category]


def read_category_tree(path: str | Path) -> CategoryTree:
    """Read either layout, chosen by content: JSON object or CSV with the GetCategories header."""
    path = check_input_file(path, MAX_CATEGORY_BYTES)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError("is neither a Taxonomy JSON file nor a GetCategories CSV "
                             "(undecodable bytes)", file=path.name) from None
    if "\x00" in text:
        raise InputError("is not a text file (it holds NUL bytes)", file=path.name)
    if text.lstrip().startswith(("{", "[")):
        tree = _read_taxonomy_json(text, path.name)
    else:
        tree = _read_get_categories_csv(text, path.name)
    _check_unique(tree, path.name)
    return tree


def _check_unique(tree: CategoryTree, name: str) -> None:
    seen: set[str] = set()
    for category in tree.categories:
        if category.category_id in seen:
            raise InputError(f"category id {category.category_id} appears more than once",
                             file=name, field="categoryId")
        seen.add(category.category_id)


def _read_taxonomy_json(text: str, name: str) -> CategoryTree:
    try:
        document = json.loads(text)
    except RecursionError:
        raise InputError("the JSON is nested too deeply to be a category tree", file=name) from None
    except json.JSONDecodeError as error:
        raise InputError(f"not a Taxonomy API category tree ({error})", file=name) from None
    if not isinstance(document, dict) or not isinstance(document.get("rootCategoryNode"), dict):
        raise InputError("not a Taxonomy API category tree (no rootCategoryNode object at the "
                         "top)", file=name)
    root = document["rootCategoryNode"]
    categories: list[Category] = []
    # The root node (level 0, id often "0") is eBay's container, not a category.
    stack = [(child, None, ()) for child in reversed(root.get("childCategoryTreeNodes") or [])]
    while stack:
        node, parent_id, ancestors = stack.pop()
        try:
            category_id = str(node["category"]["categoryId"])
            label = html.unescape(str(node["category"]["categoryName"])).strip()
            children = node.get("childCategoryTreeNodes") or []
        except (KeyError, TypeError, AttributeError):
            raise InputError(f"a node without category id or name under {parent_id}", file=name) from None
        if not isinstance(children, list):
            raise InputError(f"category {category_id}: childCategoryTreeNodes is not a list",
                             file=name)
        path = (*ancestors, label)
        if len(path) > MAX_DEPTH:
            raise InputError(f"category {category_id} is {len(path)} levels deep; eBay's tree "
                             f"has at most {MAX_DEPTH}", file=name)
        level_text = str(node.get("categoryTreeNodeLevel") or len(path))
        if not level_text.isdigit() or not level_text.isascii():
            raise InputError(f"category {category_id}: {level_text[:20]!r} is not a level",
                             file=name, field="categoryTreeNodeLevel")
        level = int(level_text)
        is_leaf = bool(node.get("leafCategoryTreeNode")) or not children
        categories.append(
            Category(category_id, label, parent_id, level, is_leaf, PATH_SEPARATOR.join(path))
        )
        stack.extend((child, category_id, path) for child in reversed(children))
    if not categories:
        raise InputError("the category tree is empty", file=name)
    return CategoryTree(str(document.get("categoryTreeVersion") or "") or None, categories)


def _read_get_categories_csv(text: str, name: str) -> CategoryTree:
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(reader, start=1):
        if header is None:
            if not any(cell.strip() for cell in cells):
                continue
            header = [cell.strip().lower().replace(" ", "") for cell in cells]
            missing = [column for column in _CSV_COLUMNS if column not in header]
            if missing:
                raise InputError(f"missing column(s) {', '.join(missing)}", file=name, row=number)
            continue
        if not any(cell.strip() for cell in cells):
            continue
        rows.append((number, dict(zip(header, (cell.strip() for cell in cells), strict=False))))
    if header is None or not rows:
        raise InputError("no categories found", file=name)

    parents: dict[str, str | None] = {}
    raw: dict[str, tuple[int, str, int, bool]] = {}
    for number, row in rows:
        category_id = row.get("categoryid", "")
        if not category_id.isdigit():
            raise InputError(f"{category_id!r} is not a category id", file=name, row=number, field="CategoryID")
        level_text = row.get("categorylevel", "")
        if not (level_text.isascii() and level_text.isdigit()):
            raise InputError(
                f"{level_text!r} is not a level", file=name, row=number, field="CategoryLevel"
            )
        level = int(level_text)
        if category_id in raw:
            raise InputError(f"category id {category_id} appears more than once (first on row "
                             f"{raw[category_id][0]})", file=name, row=number, field="CategoryID")
        leaf_text = row.get("leafcategory", "").lower()
        if leaf_text not in ("true", "false", "1", "0"):
            raise InputError(f"{leaf_text!r} is not true/false", file=name, row=number, field="LeafCategory")
        parent = row.get("categoryparentid") or None
        parents[category_id] = None if parent == category_id or level == 1 else parent
        raw[category_id] = (number, html.unescape(row.get("categoryname", "")).strip(), level, leaf_text in ("true", "1"))

    def full_path(category_id: str) -> str:
        names, seen, current = [], set(), category_id
        while current is not None:
            if current in seen or current not in raw:
                number = raw[category_id][0]
                raise InputError(
                    f"parent {current!r} is missing or makes a cycle", file=name, row=number, field="CategoryParentID"
                )
            seen.add(current)
            names.append(raw[current][1])
            current = parents[current]
        return PATH_SEPARATOR.join(reversed(names))

    categories = [
        Category(cid, label, parents[cid], level, leaf, full_path(cid))
        for cid, (_, label, level, leaf) in raw.items()
    ]
    return CategoryTree(None, categories)
