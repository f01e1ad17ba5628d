# frozen_string_literal: true

module Shop
  module Jobs
    class SyncRates
      def perform(currency)
        ExchangeRates.convert(100, currency)
      end
    end

    class ImportBatch
      def perform(batch_id, payload)
        Importer.new(batch_id).import(payload)
      end
    end
  end
end
