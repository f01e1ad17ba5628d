# frozen_string_literal: true

module Shop
  class Importer
    def initialize(batch_id)
      @batch_id = batch_id
      @open = false
    end

    def import(payload)
      Fakegem::Instrumentation.instrument("import.shop", batch: @batch_id) do
        rows = parse(payload)
        rows.each { |row| Order.create(row.transform_keys(&:to_sym)) }
      end
    rescue InvalidPayload
      raise ImportFailed, "import of batch #{@batch_id} failed"
    end

    def import_with_lock(payload)
      @open = true
      parse(payload)
    ensure
      close_batch
    end

    private

    def parse(payload)
      JSON.parse(payload)
    rescue JSON::ParserError => e
      raise InvalidPayload, "batch #{@batch_id}: payload is not valid JSON (#{e.class})"
    end

    def close_batch
      raise Error, "batch #{@batch_id} could not be closed" if @open
    end
  end
end
