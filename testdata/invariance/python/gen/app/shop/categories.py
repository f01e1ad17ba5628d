from shop.errors import CategoryCycle

PARENTS = {"shoes": "apparel", "apparel": "catalog", "catalog": "shoes"}


def path_to_root(category):
    parent = PARENTS.get(category)
    if parent is None:
        return [category]
    return [category] + path_to_root(parent)


def breadcrumb_depth(node, depth=0):
    if not node["children"]:
        if depth > 20:
            raise CategoryCycle(f"category {node['name']!r} nested {depth} levels deep")
        return depth
    return max(breadcrumb_depth(child, depth + 1) for child in node["children"])


def walk_down(node):
    if node["children"]:
        return walk_down(node["children"][0])
    raise CategoryCycle(f"leaf {node['name']!r} has no products")


def ancestors(category, seen=0):
    return parent_of(PARENTS[category], seen + 1)


def parent_of(category, seen):
    return ancestors(category, seen)
