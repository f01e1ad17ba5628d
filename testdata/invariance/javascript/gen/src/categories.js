'use strict';

// Resolves the path of a category up to the root by following parent links.
function categoryPath(categories, id) {
  const cat = categories[id];
  if (cat === undefined) {
    throw new RangeError(`unknown category ${id}`);
  }
  if (cat.parent === null) {
    return [cat.name];
  }
  return categoryPath(categories, cat.parent).concat(cat.name);
}

function buildCategories(depth, brokenAt) {
  const categories = { 0: { name: 'root', parent: null } };
  for (let i = 1; i <= depth; i++) {
    categories[i] = { name: `c${i}`, parent: i === brokenAt ? 9999 : i - 1 };
  }
  return categories;
}

module.exports = { categoryPath, buildCategories };
