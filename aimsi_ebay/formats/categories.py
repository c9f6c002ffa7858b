"""eBay category trees (FORMATS.md §3): Taxonomy API JSON and Trading API GetCategories CSV."""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import dataclass
from pathlib import Path

from aimsi_ebay.errors import InputError

PATH_SEPARATOR = " > "
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
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252")
    if text.lstrip().startswith("{"):
        return _read_taxonomy_json(text, path.name)
    return _read_get_categories_csv(text, path.name)


def _read_taxonomy_json(text: str, name: str) -> CategoryTree:
    try:
        document = json.loads(text)
        root = document["rootCategoryNode"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise InputError(f"not a Taxonomy API category tree ({error})", file=name) from None
    categories: list[Category] = []
    # The root node (level 0, id often "0") is eBay's container, not a category.
    stack = [(child, None, ()) for child in reversed(root.get("childCategoryTreeNodes") or [])]
    while stack:
        node, parent_id, ancestors = stack.pop()
        try:
            category_id = str(node["category"]["categoryId"])
            label = html.unescape(str(node["category"]["categoryName"])).strip()
        except (KeyError, TypeError):
            raise InputError(f"a node without category id or name under {parent_id}", file=name) from None
        children = node.get("childCategoryTreeNodes") or []
        path = (*ancestors, label)
        level = int(node.get("categoryTreeNodeLevel") or len(path))
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
        try:
            level = int(row.get("categorylevel", ""))
        except ValueError:
            raise InputError(
                f"{row.get('categorylevel')!r} is not a level", file=name, row=number, field="CategoryLevel"
            ) from None
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
