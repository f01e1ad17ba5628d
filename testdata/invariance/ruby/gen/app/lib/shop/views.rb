# frozen_string_literal: true

module Shop
  # Compiles ERB templates into methods named the way ActionView names them: the template path, the
  # (per-process) hash of its identifier and the object id of the template, so the suffix changes
  # with every boot.
  module Views
    ROOT = File.expand_path("../../app/views", __dir__)

    module Compiled; end

    class Context
      include Compiled

      def format_money(amount)
        format("%.2f EUR", amount)
      end
    end

    def self.render(template, locals)
      Context.new.public_send(compile(template), **locals)
    end

    def self.compile(template)
      path = File.join(ROOT, "#{template}.html.erb")
      name = "_app_views_#{template.tr('/', '_')}_html_erb__#{path.hash}_#{path.object_id}".tr("-", "_")
      return name if Compiled.method_defined?(name)

      src = ERB.new(File.read(path), trim_mode: "-").src
      Compiled.module_eval("def #{name}(order:)\n#{src}\nend", path, 0)
      name
    end
  end
end
