# frozen_string_literal: true

module Shop
  class CategoryTree
    Node = Struct.new(:slug, :children)

    def self.build(depth)
      depth.zero? ? Node.new("leaf", []) : Node.new("level-#{depth}", [build(depth - 1)])
    end

    def initialize(root)
      @root = root
    end

    def path_to(slug)
      walk(@root, slug, [])
    end

    def breadcrumbs(slug)
      walk(@root, slug, []).drop(1).join(" > ")
    end

    def lookup!(slug)
      raise CategoryNotFound, "no category '#{slug}' under #{@root.slug}" unless @root.slug == slug

      @root
    end

    private

    def walk(node, slug, path)
      path += [node.slug]
      return path if node.slug == slug
      raise CategoryNotFound, "no category '#{slug}' under #{path.first}" if node.children.empty?

      walk(node.children.first, slug, path)
    end
  end
end
